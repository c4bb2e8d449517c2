// @ts-check
/**
 * The fake Intercom in a process of its own, so the client under measurement never shares an event
 * loop with the server. Started by `fake-process.js` as `node fake-server.js '<options JSON>'`.
 *
 * Options: `{ "rateLimit": { "limit": 100, "windowMs": 1000 } | false }`.
 *
 * It prints one JSON line, `{"url": "http://127.0.0.1:<port>"}`, once it listens, then serves the
 * fake plus a few control routes that the fake never sees (so they count in no rate window and no
 * request log):
 * - `GET  /__bench/stats`        counts, and with `?log=1` every request as `[at, status, method, path]`
 * - `GET  /__bench/digest`       a SHA-256 of every request (method, path, headers, body), order-free
 * - `GET  /__bench/sample`       the first request since the last reset: method, path, headers (less the
 *                                connection's), body; to compare what different clients send
 * - `POST /__bench/reset`        forgets leads, requests and rate windows
 * - `POST /__bench/close`        answers, then closes the server and exits
 * It also exits by itself when its parent goes away (stdin closes) or after a hard time limit.
 */
import { createHash } from "node:crypto";
import { createFakeIntercom } from "@intercom-leads/core/testing";
import { serveFakeIntercom } from "@intercom-leads/core/testing/node";

/** Headers that belong to the connection, not to the request the client built. */
const HOP_HEADERS = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding"]);
/** No benchmark run needs longer; a fake left behind by a crashed parent must not live on. */
const HARD_LIMIT_MS = 10 * 60_000;

const options = JSON.parse(process.argv[2] ?? "{}");
const fake = createFakeIntercom({ rateLimit: options.rateLimit ?? false });

/** @param {unknown} body @param {number} [status] */
function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** @param {boolean} withLog */
function stats(withLog) {
  const requests = fake.requests;
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const request of requests) {
    const key = String(request.status ?? "none");
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    requests: requests.length,
    leads: fake.leads.length,
    statuses,
    ...(withLog ? { log: requests.map((request) => [request.at, request.status ?? null, request.method, request.path]) } : {}),
  };
}

/** One line per request, sorted, hashed: equal digests mean the same requests, in any order. */
function digest() {
  const lines = fake.requests.map((request) => {
    const headers = Object.entries(request.headers)
      .filter(([name]) => !HOP_HEADERS.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify([request.method, request.path, headers, request.body]);
  });
  lines.sort();
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line).update("\n");
  const first = lines[0] === undefined ? undefined : JSON.parse(lines[0]);
  return { requests: lines.length, sha256: hash.digest("hex"), headerNames: first ? first[2].map((/** @type {[string, string]} */ [name]) => name) : [] };
}

/** The first request since the last reset, as `digest` sees it, or `null`. */
function sample() {
  const request = fake.requests[0];
  if (request === undefined) return null;
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_HEADERS.has(name)));
  return { method: request.method, path: request.path, headers, body: request.body, status: request.status ?? null };
}

/** @type {import("@intercom-leads/core/testing/node").FakeIntercomServer | undefined} */
let server;
function shutdown() {
  Promise.resolve(server?.close()).finally(() => process.exit(0));
}

/** @param {Request} request */
async function handle(request) {
  // A plain substring test: cheaper than parsing the URL on every benchmarked request.
  if (!request.url.includes("/__bench/")) return fake.fetch(request);
  const url = new URL(request.url);
  switch (`${request.method} ${url.pathname}`) {
    case "GET /__bench/stats":
      return json(stats(url.searchParams.get("log") === "1"));
    case "GET /__bench/digest":
      return json(digest());
    case "GET /__bench/sample":
      return json(sample());
    case "POST /__bench/reset":
      fake.reset();
      return json({ ok: true });
    case "POST /__bench/close":
      setImmediate(shutdown);
      return json({ ok: true });
    default:
      return json({ error: "unknown control route" }, 404);
  }
}

server = await serveFakeIntercom(handle, { hostname: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

// The parent holds our stdin: when it goes, so do we.
process.stdin.on("end", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();
setTimeout(shutdown, HARD_LIMIT_MS).unref();
