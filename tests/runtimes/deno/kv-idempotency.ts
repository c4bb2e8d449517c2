// Run by test/deno-kv-idempotency.test.ts in Deno 2.9 (`--unstable-kv`): the Deno KV idempotency store
// against the IdempotencyStore contract, and the lead handler with it over real HTTP to the harness's
// fake Intercom. Prints one result line, as the runtime suite does.
import { createLeadHandler, denoKvIdempotencyStore, type IdempotencyStore } from "@intercom-leads/core/server";
import { idempotencyStoreContract } from "@intercom-leads/testing";

// The runtime suite's marker (suite/suite.js), which the harness's parseReport looks for. Not imported:
// that file is checked as JavaScript with Node's types, not Deno's.
const RESULT_MARKER = "@@runtime-suite-result@@ ";

interface CaseResult {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

const fakeUrl = Deno.env.get("RUNTIME_SUITE_FAKE_URL") ?? "";
const token = Deno.env.get("RUNTIME_SUITE_TOKEN") ?? "";
const ORIGIN = "https://shop.example";
const julia = { email: "julia@truth.org", name: "Julia" };
const results: CaseResult[] = [];
const opened: Deno.Kv[] = [];
const dir = await Deno.makeTempDir({ prefix: "intercom-leads-kv-" });

async function openKv(path = ":memory:"): Promise<Deno.Kv> {
  const kv = await Deno.openKv(path);
  opened.push(kv);
  return kv;
}

async function run(name: string, body: () => Promise<string>): Promise<void> {
  const started = Date.now();
  try {
    results.push({ name, ok: true, detail: await body(), ms: Date.now() - started });
  } catch (error) {
    results.push({
      name,
      ok: false,
      detail: String(error instanceof Error ? error.stack : error),
      ms: Date.now() - started,
    });
  }
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

async function control(route: "reset" | "state" | "inject", body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(`/__control/${route}`, fakeUrl), {
    method: route === "state" ? "GET" : "POST",
    ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The contract's results as cases of this report, `label` before each name. */
async function contract(label: string, options: Parameters<typeof idempotencyStoreContract>[0]): Promise<void> {
  const started = Date.now();
  for (const result of await idempotencyStoreContract(options))
    results.push({ name: `${label}: ${result.name}`, ok: result.ok, detail: result.detail, ms: Date.now() - started });
}

/** A lead handler on a loopback port, its keys in `store`. */
function serve(store: IdempotencyStore): { url: string; server: Deno.HttpServer<Deno.NetAddr> } {
  const handler = createLeadHandler({
    token,
    baseUrl: fakeUrl,
    allowedOrigins: [ORIGIN],
    idempotency: { store, reconcile: { waitMs: 100, intervalMs: 20 } },
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  return { url: `http://127.0.0.1:${server.addr.port}/api/intercom/contacts`, server };
}

async function post(url: string, key: string, body: unknown = julia) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "idempotency-key": key },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    text: await response.text(),
    replayed: response.headers.get("idempotent-replayed"),
  };
}

let clock = Date.UTC(2026, 2, 2, 9);
await contract("Deno KV, injected clock", {
  open: async () => denoKvIdempotencyStore(await openKv(), { now: () => clock }),
  advance: (ms) => {
    clock += ms;
  },
  now: () => clock,
  times: { leaseMs: 60_000, retentionMs: 86_400_000 },
  concurrency: 50,
});

let file = 0;
await contract("Deno KV file, real clock", {
  open: async () => denoKvIdempotencyStore(await openKv(`${dir}/contract-${file++}.sqlite`)),
  times: { leaseMs: 40, retentionMs: 120 },
});

// One connection for both handlers: two connections to one SQLite file answer "database is locked" under
// this much contention (Deno's local backend; the handler then answers 503), which Deno Deploy's KV does not.
await run(
  "two handlers on one KV database: one key sent 20 times at once, one lead, 20 identical answers",
  async () => {
    await control("reset");
    await control("inject", { fault: { kind: "slow", delayMs: 200 } });
    const kv = await openKv(`${dir}/handlers.sqlite`);
    const first = serve(denoKvIdempotencyStore(kv));
    const second = serve(denoKvIdempotencyStore(kv));
    try {
      const key = crypto.randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => post((index % 2 ? second : first).url, key)),
      );
      const state = await control("state");
      const texts = new Set(answers.map((answer) => answer.text));
      const replayed = answers.filter((answer) => answer.replayed === "true").length;
      check(state.leads === 1, `leads: ${state.leads}`);
      check(
        answers.every((answer) => answer.status === 200),
        `statuses: ${answers.map((answer) => answer.status)}`,
      );
      check(texts.size === 1 && replayed === 19, `${texts.size} distinct bodies, ${replayed} replayed`);
      return `leads: ${state.leads}, answers: 20 identical, replayed: ${replayed}`;
    } finally {
      await Promise.all([first.server.shutdown(), second.server.shutdown()]);
    }
  },
);

await run("a first attempt that may have stored the lead: the resend finds it, one lead", async () => {
  await control("reset");
  // A 5xx after storing, not a dropped connection: Deno's fetch resends a POST whose pooled
  // connection dropped before any answer, on its own, so the lead would be created twice below us.
  await control("inject", { fault: { kind: "server-error", status: 503, stored: true } });
  const { url, server } = serve(denoKvIdempotencyStore(await openKv()));
  try {
    const key = crypto.randomUUID();
    const dropped = await post(url, key);
    const resent = await post(url, key);
    const again = await post(url, key);
    const state = await control("state");
    check(dropped.status === 502, `first: ${dropped.status} ${dropped.text}`);
    check(resent.status === 200 && again.text === resent.text && again.replayed === "true", `resends: ${resent.text}`);
    check(state.leads === 1, `leads: ${state.leads}`);
    const paths = (state.requests as { method: string; path: string }[]).map((r) => `${r.method} ${r.path}`);
    check(JSON.stringify(paths) === JSON.stringify(["POST /contacts", "POST /contacts/search"]), `requests: ${paths}`);
    return `502 then 200 (found by email) then replayed; leads: ${state.leads}`;
  } finally {
    await server.shutdown();
  }
});

await run("the same key with another body: 422 idempotency_key_reused, nothing created", async () => {
  await control("reset");
  const { url, server } = serve(denoKvIdempotencyStore(await openKv()));
  try {
    const key = crypto.randomUUID();
    const first = await post(url, key);
    const reused = await post(url, key, { email: "o-brien@truth.org" });
    const state = await control("state");
    check(first.status === 200 && reused.status === 422, `statuses: ${first.status}, ${reused.status}`);
    check(JSON.parse(reused.text).errors[0].code === "idempotency_key_reused", reused.text);
    check(state.leads === 1, `leads: ${state.leads}`);
    return `200 then 422; leads: ${state.leads}`;
  } finally {
    await server.shutdown();
  }
});

for (const kv of opened) kv.close();
await Deno.remove(dir, { recursive: true });
console.log(RESULT_MARKER + JSON.stringify({ runtime: { name: "deno", version: Deno.version.deno }, results }));
