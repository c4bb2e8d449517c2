// @ts-check
/**
 * Several isolates creating leads at once against one Intercom rate window: `isolates` client Workers,
 * each its own script (so its own isolate in workerd), all bound to one `IntercomRateGovernor` namespace
 * held by a further Worker, against the fake Intercom on 127.0.0.1. Plain JavaScript, so the governor's
 * test (packages/cloudflare/test/governor-isolates.test.ts) and `pnpm bench` run the same thing.
 *
 * Real time: the subject is real isolates in real workerd sending over real HTTP, which fake timers
 * cannot drive. Runs are kept to a few one-second windows.
 */
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";
import { Miniflare } from "miniflare";
import { bundleModule } from "../../../../tests/runtimes/harness/bundle-module.js";
import { moduleWorker, postJson } from "../../../../tests/runtimes/harness/workerd.js";

/**
 * Bundles one of the Workers beside this file (the package's src, core's dist and ky), as a user's bundler would.
 * @param {string} name
 * @returns {Promise<string>}
 */
export function bundle(name) {
  return bundleModule(new URL(`./${name}.ts`, import.meta.url));
}

/**
 * Starts the governor's Worker and `clients` client Workers (`client-0`, `client-1`, …), each bound as
 * `INTERCOM_GOVERNOR` to the namespace `className` of the governor's Worker.
 * @param {{ clients: number, className?: string }} options
 */
export async function startIsolates({ clients, className = "IntercomRateGovernor" }) {
  const [governorScript, clientScript] = await Promise.all([bundle("governor-worker"), bundle("client-worker")]);
  const names = Array.from({ length: clients }, (_, i) => `client-${i}`);
  const miniflare = new Miniflare({
    workers: [
      moduleWorker(governorScript, {
        name: "governor",
        durableObjects: {
          INTERCOM_GOVERNOR: "IntercomRateGovernor",
          THROWING: "ThrowingGovernor",
          SILENT: "SilentGovernor",
        },
      }),
      ...names.map((name) =>
        moduleWorker(clientScript, {
          name,
          durableObjects: { INTERCOM_GOVERNOR: { className, scriptName: "governor" } },
        }),
      ),
    ],
  });
  await miniflare.ready;
  return {
    names,
    /**
     * POSTs `body` as JSON to `path` of one client Worker and answers the parsed JSON.
     * @param {string} name
     * @param {string} path
     * @param {unknown} body
     * @returns {Promise<any>}
     */
    async post(name, path, body) {
      const worker = await miniflare.getWorker(name);
      return postJson((url, init) => worker.fetch(url, init), `http://${name}.test${path}`, body);
    },
    dispose: () => miniflare.dispose(),
  };
}

/**
 * What the fake saw, window by window (its clock, aligned as its windows are).
 * @param {readonly { method: string, path: string, at: number, status: number | undefined }[]} requests
 * @param {{ limit: number, windowMs: number }} window
 */
export function windowFigures(requests, { limit, windowMs }) {
  const creates = requests.filter((request) => request.method === "POST" && request.path === "/contacts");
  /** @type {Map<number, { sent: number, accepted: number }>} */
  const byWindow = new Map();
  for (const { at, status } of creates) {
    const index = Math.floor(at / windowMs);
    const slot = byWindow.get(index) ?? { sent: 0, accepted: 0 };
    slot.sent++;
    if (status !== 429) slot.accepted++;
    byWindow.set(index, slot);
  }
  const indices = [...byWindow.keys()].sort((a, b) => a - b);
  const first = indices[0] ?? 0;
  const last = indices[indices.length - 1] ?? 0;
  // The windows the run covered from start to end: the first and last are partial, so only these say how well a window is used.
  const full = [];
  for (let index = first + 1; index < last; index++) full.push((byWindow.get(index)?.accepted ?? 0) / limit);
  return {
    sent: creates.length,
    tooMany: creates.filter((request) => request.status === 429).length,
    /** Requests beyond the limit, summed over windows (the fake counts the ones it refused too). */
    overruns: [...byWindow.values()].reduce((sum, slot) => sum + Math.max(0, slot.sent - limit), 0),
    /** Requests per window, first to last. */
    perWindow: indices.map((index) => byWindow.get(index)?.sent ?? 0),
    /** Share of each full window used: leads accepted / limit. */
    fullWindowUse: full,
    minUse: full.length > 0 ? Math.min(...full) : Number.NaN,
    meanUse: full.length > 0 ? full.reduce((sum, use) => sum + use, 0) / full.length : Number.NaN,
  };
}

/**
 * One run: `isolates` Workers each importing `perIsolate` leads at `concurrency`, at once, paced by the
 * shared governor object (`shared`) or each by its own client's governor.
 * @param {{ isolates: number, perIsolate: number, concurrency: number, limit: number, windowMs: number, shared: boolean }} options
 */
export async function runIsolates({ isolates, perIsolate, concurrency, limit, windowMs, shared }) {
  const fake = createFakeIntercom({ rateLimit: { limit, windowMs } });
  const server = await serveFakeIntercom(fake);
  const workers = await startIsolates({ clients: isolates });
  try {
    const jobs = workers.names.map((name) => ({
      name,
      emails: Array.from({ length: perIsolate }, (_, i) => `${name}-${i}@isolates.example`),
    }));
    const started = performance.now();
    /** @type {{ created: number, failed: { email: string, error: string }[], events: string[], ms: number }[]} */
    const outcomes = await Promise.all(
      jobs.map(({ name, emails }) =>
        workers.post(name, "/import", { baseUrl: server.url, token: FAKE_INTERCOM_TOKEN, emails, concurrency, shared }),
      ),
    );
    const ms = performance.now() - started;
    /** @type {Map<string, number>} */
    const stored = new Map();
    for (const contact of fake.contacts) {
      const email = contact.body.email ?? "";
      stored.set(email, (stored.get(email) ?? 0) + 1);
    }
    const inputs = jobs.flatMap((job) => job.emails);
    return {
      inputs: inputs.length,
      /** Leads the fake stored. */
      created: fake.contacts.length,
      /** Emails stored more than once: their extra copies. */
      duplicates: [...stored.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
      /** Inputs with no lead stored. */
      lost: inputs.filter((email) => !stored.has(email)).length,
      /** Inputs the isolates reported as failed. */
      failed: outcomes.reduce((sum, outcome) => sum + outcome.failed.length, 0),
      events: outcomes.flatMap((outcome) => outcome.events),
      ms,
      ...windowFigures(fake.requests, { limit, windowMs }),
    };
  } finally {
    await workers.dispose();
    await server.close();
  }
}
