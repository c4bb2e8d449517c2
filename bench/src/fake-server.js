// @ts-check
/**
 * The fake Intercom in a process of its own, so the client under measurement never shares an event
 * loop with the server. Started by `fake-process.js` as `node fake-server.js '<options JSON>'`.
 *
 * Options: `{ "rateLimit": { "limit": 100, "windowMs": 1000 } | false, "fixed"?: true }`.
 *
 * `fixed: true` makes it the *minimal* server instead, for the latency benchmark: the fake validates,
 * stores and builds an answer for every create (a millisecond or two a request), which drowns the clients' own
 * overhead in the latency figures. The minimal server answers every `POST /contacts` straight from
 * `node:http` with one canned 2.x contact (captured from the fake at start-up, so it satisfies every
 * client the fake does), reading the body but neither converting to fetch's `Request`/`Response`,
 * validating nor storing. It only counts the creates (`stats`: requests = leads = creates answered,
 * no `log`) and keeps the first since the last reset (`sample`); `digest` is not served. Anything
 * else that is not a control route gets a 404.
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
import { createServer } from "node:http";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/core/testing";
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
  if (minimal) return { requests: minimal.creates, leads: minimal.creates, statuses: minimal.creates > 0 ? { 200: minimal.creates } : {} };
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

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body: unknown, status: number | null }} Sample
 */

/**
 * The first request since the last reset, as `digest` sees it, or `null`.
 * @returns {Sample | null}
 */
function sample() {
  if (minimal) return minimal.first;
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
      return minimal ? json({ error: "no digest from the minimal server" }, 404) : json(digest());
    case "GET /__bench/sample":
      return json(sample());
    case "POST /__bench/reset":
      fake.reset();
      if (minimal) minimal = { ...minimal, creates: 0, first: null };
      return json({ ok: true });
    case "POST /__bench/close":
      setImmediate(shutdown);
      return json({ ok: true });
    default:
      return json({ error: "unknown control route" }, 404);
  }
}

/**
 * The minimal server's state: the canned answer, the creates answered since the last reset, and the
 * first of them as `sample` reports it; `undefined` when serving the fake.
 * @type {{ body: Buffer, headers: Record<string, string | number>, creates: number, first: Sample | null } | undefined}
 */
let minimal;

/**
 * The minimal server: creates answered right here, control routes through `handle`.
 * @returns {Promise<import("@intercom-leads/core/testing/node").FakeIntercomServer>}
 */
async function serveMinimal() {
  // One answer captured from the fake (then forgotten), so the shape is the fake's 2.x contact.
  const captured = await fake.fetch(
    new Request("http://127.0.0.1/contacts", {
      method: "POST",
      headers: { accept: "application/json", authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`, "content-type": "application/json", "intercom-version": "2.14" },
      body: JSON.stringify({ role: "lead", email: "minimal@leads.example.com", name: "Minimal Lead" }),
    }),
  );
  const body = Buffer.from(await captured.arrayBuffer());
  if (captured.status !== 200) throw new Error(`The fake refused the minimal server's capture: HTTP ${captured.status}: ${body}`);
  fake.reset();
  const headers = { "content-type": captured.headers.get("content-type") ?? "application/json", "content-length": body.byteLength, "x-request-id": "minimal" };
  minimal = { body, headers, creates: 0, first: null };

  const http = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/contacts") {
      /** @type {Buffer[]} */
      const chunks = [];
      req.on("data", (/** @type {Buffer} */ chunk) => chunks.push(chunk));
      req.on("end", () => {
        const state = /** @type {NonNullable<typeof minimal>} */ (minimal);
        if (state.creates++ === 0) {
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_HEADERS.has(name)).map(([name, value]) => [name, String(value)]));
          const text = Buffer.concat(chunks).toString("utf8");
          /** @type {unknown} */
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Kept as text, as the fake records it.
          }
          state.first = { method: "POST", path: "/contacts", headers, body: parsed, status: 200 };
        }
        res.writeHead(200, state.headers);
        res.end(state.body);
      });
      return;
    }
    // The control routes (rare, untimed) go through the fetch handler; nothing else is served.
    const url = `http://127.0.0.1${req.url ?? "/"}`;
    const answer = url.includes("/__bench/") ? handle(new Request(url, { method: req.method })) : Promise.resolve(json({ error: "the minimal server answers POST /contacts only" }, 404));
    req.resume();
    answer
      .then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      })
      .catch(() => req.socket.destroy());
  });
  await new Promise((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (http.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve(undefined));
        http.closeAllConnections();
      }),
  };
}

server = options.fixed === true ? await serveMinimal() : await serveFakeIntercom(handle, { hostname: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

// The parent holds our stdin: when it goes, so do we.
process.stdin.on("end", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();
setTimeout(shutdown, HARD_LIMIT_MS).unref();
