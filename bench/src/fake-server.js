// @ts-check
/**
 * The fake Intercom in a process of its own, so the client under measurement never shares an event
 * loop with the server. Started by `fake-process.js` as `node fake-server.js '<options JSON>'`.
 *
 * Options: `{ "rateLimit": { "limit": 100, "windowMs": 1000 } | false, "fixed"?: true }`.
 *
 * It prints one JSON line, `{"url": "http://127.0.0.1:<port>"}`, once it listens, then serves the fake
 * with `serveFakeBackend` from `@intercom-leads/testing/node`: the fake and its control routes
 * (`POST /__control/reset`, `GET /__control/state`), which the fake never sees (so they count in no rate
 * window and no request log), plus three of the benchmarks' own beside them:
 * - `GET  /__control/digest`  a SHA-256 of every request (method, path, headers, body), order-free
 * - `GET  /__control/sample`  the first request since the last reset: method, path, headers (less the
 *                             connection's), body; to compare what different clients send
 * - `POST /__control/close`   answers, then closes the server and exits
 * It also exits by itself when its parent goes away (stdin closes) or after a hard time limit.
 *
 * `fixed: true` makes it the *minimal* server instead, for the latency benchmark: the fake validates,
 * stores and builds an answer for every create (a millisecond or two a request), which drowns the clients' own
 * overhead in the latency figures. The minimal server answers every `POST /contacts` straight from
 * `node:http` with one canned 2.x contact (captured from the fake at start-up, so it satisfies every
 * client the fake does), reading the body but neither converting to fetch's `Request`/`Response`,
 * validating nor storing. It serves the same control routes over what it counts (`state`: every create
 * answered as one request with status 200 and one lead) and keeps the first create since the last reset
 * (`sample`); `digest` is not served. Anything else gets a 404.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { createControlRoutes, serveFakeBackend } from "@intercom-leads/testing/node";

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

/** @param {Record<string, string | string[] | undefined>} headers */
function withoutHopHeaders(headers) {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !HOP_HEADERS.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
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
  return {
    requests: lines.length,
    sha256: hash.digest("hex"),
    headerNames: first ? first[2].map((/** @type {[string, string]} */ [name]) => name) : [],
  };
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
  return {
    method: request.method,
    path: request.path,
    headers: withoutHopHeaders(request.headers),
    body: request.body,
    status: request.status ?? null,
  };
}

/** @type {{ url: string, close(): Promise<void> } | undefined} */
let server;
function shutdown() {
  Promise.resolve(server?.close()).finally(() => process.exit(0));
}

/**
 * The benchmarks' own routes, beside the shared control routes.
 * @type {import("@intercom-leads/testing/node").FakeBackendRoutes}
 */
const benchRoutes = {
  "/__control/digest": () => (minimal ? json({ error: "no digest from the minimal server" }, 404) : json(digest())),
  "/__control/sample": () => json(sample()),
  "/__control/close": (request) => {
    if (request.method !== "POST") return json({ error: "use POST" }, 405);
    setImmediate(shutdown);
    return json({ ok: true });
  },
};

/**
 * The minimal server's state: the canned answer, what it answered since the last reset (in the shape the
 * control routes read), and the first create as `sample` reports it; `undefined` when serving the fake.
 * @typedef {{ at: number, method: string, path: string, status: number }} Answered
 * @type {{ body: Buffer, headers: Record<string, string | number>, answered: Answered[], first: Sample | null } | undefined}
 */
let minimal;

/**
 * What the shared control routes read and reset on the minimal server: every create it answered stands for
 * one request and one stored lead. It has no faults to inject.
 * @type {import("@intercom-leads/testing/node").FakeControlTarget}
 */
const minimalTarget = {
  get requests() {
    return minimal?.answered ?? [];
  },
  get leads() {
    return minimal?.answered ?? [];
  },
  inject() {
    throw new RangeError("the minimal server answers every create alike: it injects no faults");
  },
  reset() {
    if (minimal) minimal = { ...minimal, answered: [], first: null };
  },
};

/**
 * The minimal server: creates answered right here, the control routes (rare, untimed) through fetch's
 * `Request`/`Response`.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
async function serveMinimal() {
  // One answer captured from the fake (then forgotten), so the shape is the fake's 2.x contact.
  const captured = await fake.fetch(
    new Request("http://127.0.0.1/contacts", {
      method: "POST",
      headers: {
        accept: "application/json",
        authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
        "content-type": "application/json",
        "intercom-version": "2.14",
      },
      body: JSON.stringify({ role: "lead", email: "minimal@leads.example.com", name: "Minimal Lead" }),
    }),
  );
  const body = Buffer.from(await captured.arrayBuffer());
  if (captured.status !== 200)
    throw new Error(`The fake refused the minimal server's capture: HTTP ${captured.status}: ${body}`);
  fake.reset();
  const headers = {
    "content-type": captured.headers.get("content-type") ?? "application/json",
    "content-length": body.byteLength,
    "x-request-id": "minimal",
  };
  minimal = { body, headers, answered: [], first: null };
  const routes = { ...createControlRoutes(minimalTarget), ...benchRoutes };

  const http = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    if (req.method === "POST" && req.url === "/contacts") {
      req.on("end", () => {
        const state = /** @type {NonNullable<typeof minimal>} */ (minimal);
        if (state.answered.length === 0) {
          const text = Buffer.concat(chunks).toString("utf8");
          /** @type {unknown} */
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Kept as text, as the fake records it.
          }
          state.first = {
            method: "POST",
            path: "/contacts",
            headers: withoutHopHeaders(req.headers),
            body: parsed,
            status: 200,
          };
        }
        state.answered.push({ at: Date.now(), method: "POST", path: "/contacts", status: 200 });
        res.writeHead(200, state.headers);
        res.end(state.body);
      });
      return;
    }
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers: withoutHopHeaders(req.headers),
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      Promise.resolve(
        route
          ? route(request)
          : json({ error: "the minimal server answers POST /contacts and the control routes only" }, 404),
      )
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        })
        .catch(() => req.socket.destroy());
    });
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

server =
  options.fixed === true
    ? await serveMinimal()
    : await serveFakeBackend({ fake, routes: benchRoutes, hostname: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

// The parent holds our stdin: when it goes, so do we.
process.stdin.on("end", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();
setTimeout(shutdown, HARD_LIMIT_MS).unref();
