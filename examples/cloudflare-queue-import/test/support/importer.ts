// Runs the importer (test/support/chaos-worker.ts, bundled as a user's bundler would) in workerd through
// Miniflare 4, with real local queues (producer, consumer, dead-letter queue) and its Durable Objects, and a
// fake Intercom on 127.0.0.1 in front of which the test injects faults.
import type { Readable } from "node:stream";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { bundleModule } from "../../../../tests/runtimes/harness/bundle-module.js";
import { jsonAnswer, moduleWorker } from "../../../../tests/runtimes/harness/workerd.js";
import { type FaultyIntercom, serveFaultyIntercom } from "./faulty-intercom.ts";

export const IMPORT_SECRET = "test-import-secret";
/** Deliveries of a lead before Queues moves it to the dead-letter queue: 1 + maxRetries. */
export const MAX_RETRIES = 3;

/** Bundles the chaos Worker: the example's src, the cloudflare package, core's dist and ky in one module. */
function bundleImporter(): Promise<string> {
  return bundleModule(new URL("./chaos-worker.ts", import.meta.url));
}

/** The importer in workerd, and its URL on loopback. */
export interface Importer {
  readonly miniflare: Miniflare;
  readonly url: string;
  /** GETs a path with the bearer secret and answers the parsed JSON. */
  get<T>(path: string): Promise<T>;
  /** POSTs a JSON array to `/imports/:id/leads`. */
  post(importId: string, leads: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Starts the importer against the fake Intercom at `intercomUrl`. */
async function startImporter(
  script: string,
  intercomUrl: string,
  extraBindings: Record<string, string> = {},
): Promise<Importer> {
  const miniflare = new Miniflare(
    moduleWorker(script, {
      // The consumer logs every sabotaged delivery (console.error): shown with DEBUG_IMPORTER=1 only.
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        for (const stream of [stdout, stderr]) {
          if (process.env.DEBUG_IMPORTER) stream.pipe(process.stderr);
          else stream.resume();
        }
      },
      bindings: {
        INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN,
        IMPORT_SECRET,
        INTERCOM_BASE_URL: intercomUrl,
        INTERCOM_API_VERSION: "2.14",
        CONCURRENCY: "32",
        // The fake has no search lag: a lookup that finds nothing after 100 ms means nothing was stored.
        RECONCILE_WAIT_MS: "100",
        // A crashed delivery's claim runs out after a second, so its redelivery reconciles within the test.
        CLAIM_LEASE_MS: "1000",
        RETRY_DELAY_SECONDS: "0",
        DEAD_LETTER_QUEUE: "leads-dead",
        ...extraBindings,
      },
      durableObjects: {
        INTERCOM_GOVERNOR: { className: "IntercomRateGovernor", useSQLite: true },
        IDEMPOTENCY: { className: "IntercomIdempotencyStore", useSQLite: true },
        IMPORT_PROGRESS: { className: "ImportProgress", useSQLite: true },
      },
      queueProducers: { LEADS: "leads", DEAD_LETTERS: "leads-dead" },
      queueConsumers: {
        leads: {
          maxBatchSize: 100,
          maxBatchTimeout: 0.05,
          maxRetries: MAX_RETRIES,
          deadLetterQueue: "leads-dead",
          retryDelay: 0,
        },
        "leads-dead": { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 10 },
      },
    }),
  );
  const url = (await miniflare.ready).toString().replace(/\/$/, "");
  const auth = { authorization: `Bearer ${IMPORT_SECRET}` };
  return {
    miniflare,
    url,
    async get<T>(path: string): Promise<T> {
      return jsonAnswer<T>(await fetch(`${url}${path}`, { headers: auth }), `GET ${path}`);
    },
    post: (importId, leads, headers = {}) =>
      fetch(`${url}/imports/${importId}/leads`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", ...headers },
        body: JSON.stringify(leads),
      }),
  };
}

/** The faulty fake Intercom and the importer in front of it, for one test file. */
export interface ImporterRun {
  readonly intercom: FaultyIntercom;
  readonly importer: Importer;
}

/**
 * Starts the fake Intercom and the importer before the file's tests and stops both after them. Read the
 * fields inside tests and hooks: they are set once `beforeAll` has run.
 */
export function useImporter(extraBindings: Record<string, string> = {}): ImporterRun {
  const run = {} as { intercom: FaultyIntercom; importer: Importer };
  beforeAll(async () => {
    run.intercom = await serveFaultyIntercom();
    run.importer = await startImporter(await bundleImporter(), run.intercom.server.url, extraBindings);
  });
  afterAll(async () => {
    await run.importer?.miniflare.dispose();
    await run.intercom?.server.close();
  });
  return run;
}
