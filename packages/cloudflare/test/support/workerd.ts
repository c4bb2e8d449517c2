// Bundles a test Worker as a user's bundler would, and runs it in workerd through Miniflare.
import { Miniflare, type MiniflareOptions } from "miniflare";
import { bundleModule } from "../../../../tests/runtimes/harness/bundle-module.js";
import { moduleWorker, postJson } from "../../../../tests/runtimes/harness/workerd.js";

/** Bundles `test/worker/<name>.ts` (the package's src, core's dist and ky) into one module Worker. */
export function bundleWorker(name: string): Promise<string> {
  return bundleModule(new URL(`../worker/${name}.ts`, import.meta.url));
}

/** A Miniflare running one bundled Worker, and a JSON POST to it. */
export interface TestWorker {
  readonly miniflare: Miniflare;
  /** POSTs `body` as JSON to `path` and answers the parsed JSON. */
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Starts the Worker in workerd; no nodejs_compat, so only plain Workers APIs are there. */
export async function startWorker(script: string, options: Partial<MiniflareOptions>): Promise<TestWorker> {
  const miniflare = new Miniflare(moduleWorker(script, options) as MiniflareOptions);
  await miniflare.ready;
  return {
    miniflare,
    post: (path, body) =>
      postJson((url, init) => miniflare.dispatchFetch(url, init), `http://worker.test${path}`, body),
  };
}
