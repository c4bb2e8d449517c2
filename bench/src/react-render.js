// @ts-check
/**
 * The React benchmark's child process (`react.js` starts it), so jsdom's globals never reach the
 * other benchmarks: `node react-render.js '<options JSON>'` prints one JSON line with the results.
 *
 * In jsdom (a page at http://localhost/), a sign-up form is rendered with React 19 and TanStack Query
 * (a fresh `QueryClient` with retries off per case), and submitted by clicking its button:
 * - *ours*: the form calls `useCreateLead()` under `IntercomLeadsProvider`, whose client is
 *   `createIntercom({ baseUrl })` (no token, as in a browser) pointing at our handler;
 * - *hand-written*: the same form with `useMutation({ mutationFn })` posting the same body with `fetch`
 *   to the same handler, and reading its JSON answer.
 * The handler (`createLeadHandler`) is served over HTTP on 127.0.0.1 in this process; it creates
 * the leads at the fake Intercom in its own process. Renders are counted in the form component's
 * body (each call of the function = one render), with the mutation's status at that render.
 */
import { JSDOM } from "jsdom";

const PAGE_ORIGIN = "http://localhost";
/** After the last expected state, how long to wait for trailing renders or requests. */
const SETTLE_MS = 250;

const options = JSON.parse(process.argv[2] ?? "{}");
const rounds = Number(options.rounds ?? 3);

// jsdom's window as the global scope, for what Node lacks: Node keeps its own fetch, AbortSignal,
// URL, Event…, so requests still go through Node's fetch as in the other benchmarks.
const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: `${PAGE_ORIGIN}/`, pretendToBeVisual: true });
const jsdomWindow = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (dom.window));
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globalThis || key.startsWith("_")) continue;
  Object.defineProperty(globalThis, key, { configurable: true, writable: true, value: jsdomWindow[key] });
}
Object.assign(globalThis, { window: dom.window, document: dom.window.document, IS_REACT_ACT_ENVIRONMENT: true });

// Imported once the DOM globals exist.
const React = await import("react");
const { QueryClient, QueryClientProvider, useMutation } = await import("@tanstack/react-query");
const { render, fireEvent, waitFor, cleanup } = await import("@testing-library/react");
const { createIntercom } = await import("@intercom-leads/core");
const { createLeadHandler } = await import("@intercom-leads/core/server");
const { FAKE_INTERCOM_TOKEN } = await import("@intercom-leads/testing");
const { serveFakeIntercom } = await import("@intercom-leads/testing/node");
const { IntercomLeadsProvider, useCreateLead } = await import("@intercom-leads/react");
const { startFake } = await import("./fake-process.js");
const { median } = await import("./stats.js");

const h = React.createElement;

const fake = await startFake({ rateLimit: false });
/** Requests the handler received, by method. */
const handlerRequests = { POST: 0, other: 0 };
const handler = createLeadHandler({ token: FAKE_INTERCOM_TOKEN, allowedOrigins: [PAGE_ORIGIN], baseUrl: fake.url });
/** Node's fetch sends no `Origin`, which a browser always would on a POST: add the page's. */
let addedOrigin = false;
const server = await serveFakeIntercom(
  async (request) => {
    if (request.method === "POST") handlerRequests.POST++;
    else handlerRequests.other++;
    if (request.headers.has("origin")) return handler(request);
    addedOrigin = true;
    const headers = new Headers(request.headers);
    headers.set("origin", PAGE_ORIGIN);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return handler(new Request(request.url, { method: request.method, headers, body }));
  },
  { hostname: "127.0.0.1", port: 0 },
);
const handlerUrl = `${server.url}/api/intercom`;

/** @typedef {(input: { email: string, name: string }) => void} Submit */
/** @typedef {{ status: string, mutate: Submit }} FormMutation */

/** ours: `useCreateLead`, as the README shows it. @returns {FormMutation} */
function useOurs() {
  const mutation = useCreateLead();
  return { status: mutation.status, mutate: (input) => mutation.mutate(input) };
}

/** hand-written: `useMutation` + `fetch` to the same handler. @returns {FormMutation} */
function useHandWritten() {
  const mutation = useMutation({
    mutationFn: async (/** @type {{ email: string, name: string }} */ input) => {
      const response = await fetch(`${handlerUrl}/contacts`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
      return body;
    },
  });
  return { status: mutation.status, mutate: (input) => mutation.mutate(input) };
}

const HOOKS = { ours: useOurs, handWritten: useHandWritten };
/** @typedef {keyof typeof HOOKS} Contender */

/**
 * One case: render the form, click its button `clicks` times in a row, wait until it settles.
 * @param {Contender} name
 * @param {number} clicks
 * @param {string} email
 */
async function runCase(name, clicks, email) {
  await fake.reset();
  handlerRequests.POST = 0;
  handlerRequests.other = 0;
  /** @type {string[]} */
  const renders = [];
  const useHook = HOOKS[name];
  function SignupForm() {
    const mutation = useHook();
    renders.push(mutation.status);
    return h(
      "form",
      {
        onSubmit: (/** @type {{ preventDefault(): void }} */ event) => {
          event.preventDefault();
          mutation.mutate({ email, name: "React Bench" });
        },
      },
      h("button", { type: "submit" }, "Sign up"),
      h("output", null, mutation.status),
    );
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  // A client per case: ours shares double submits per client.
  const intercom = createIntercom({ baseUrl: handlerUrl });
  const tree = h(
    QueryClientProvider,
    { client: queryClient },
    name === "ours" ? h(IntercomLeadsProvider, { client: intercom }, h(SignupForm)) : h(SignupForm),
  );
  const view = render(tree);
  try {
    const rendersAtMount = renders.length;
    const button = view.getByRole("button");
    const started = performance.now();
    for (let i = 0; i < clicks; i++) fireEvent.click(button);
    await waitFor(
      () => {
        if (renders.at(-1) !== "success" || queryClient.isMutating() !== 0)
          throw new Error(`not settled: ${renders.join(" → ")}`);
      },
      { timeout: 15_000, interval: 5 },
    );
    const settledMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const stats = await fake.stats();
    /** @type {Record<string, number>} */
    const byStatus = {};
    for (const status of renders) byStatus[status] = (byStatus[status] ?? 0) + 1;
    return {
      renders: renders.length,
      rendersAtMount,
      sequence: collapse(renders),
      byStatus,
      requests: handlerRequests.POST,
      upstream: stats.requests,
      leads: stats.leads,
      settledMs,
    };
  } finally {
    view.unmount();
    cleanup();
    queryClient.clear();
  }
}

/** `["idle", "idle", "pending"]` → `"idle ×2 → pending"` @param {string[]} list */
function collapse(list) {
  /** @type {[string, number][]} */
  const runs = [];
  for (const item of list) {
    const last = runs.at(-1);
    if (last && last[0] === item) last[1]++;
    else runs.push([item, 1]);
  }
  return runs.map(([item, n]) => (n === 1 ? item : `${item} ×${n}`)).join(" → ");
}

try {
  /** @type {{ round: number, name: Contender, clicks: number, result: Awaited<ReturnType<typeof runCase>> }[]} */
  const cases = [];
  // Untimed warm-up of each (module JIT, connections).
  for (const name of /** @type {Contender[]} */ (["ours", "handWritten"]))
    await runCase(name, 1, `react-warm-up-${name}@leads.example.com`);
  for (let round = 1; round <= rounds; round++) {
    const order = /** @type {Contender[]} */ (round % 2 === 1 ? ["ours", "handWritten"] : ["handWritten", "ours"]);
    for (const clicks of [1, 2]) {
      for (const name of order) {
        const result = await runCase(name, clicks, `react-${round}-${clicks}-${name}@leads.example.com`);
        cases.push({ round, name, clicks, result });
      }
    }
  }
  /** @param {Contender} name @param {number} clicks */
  const summary = (name, clicks) => {
    const some = cases.filter((c) => c.name === name && c.clicks === clicks).map((c) => c.result);
    return {
      renders: median(some.map((r) => r.renders)),
      rendersAll: some.map((r) => r.renders),
      sequences: [...new Set(some.map((r) => r.sequence))],
      requests: median(some.map((r) => r.requests)),
      requestsAll: some.map((r) => r.requests),
      upstream: median(some.map((r) => r.upstream)),
      leads: median(some.map((r) => r.leads)),
      settledMs: median(some.map((r) => r.settledMs)),
    };
  };
  const result = {
    rounds,
    addedOrigin,
    handlerOtherRequests: handlerRequests.other,
    single: { ours: summary("ours", 1), handWritten: summary("handWritten", 1) },
    double: { ours: summary("ours", 2), handWritten: summary("handWritten", 2) },
    versions: { react: React.version },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.close();
  await fake.close();
  dom.window.close();
}
