// Bundles a test Worker with esbuild, as a user's bundler would, and runs it in workerd through Miniflare.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";

/** Bundles `test/worker/<name>.ts` (the package's src, core's dist and ky) into one module Worker. */
export async function bundleWorker(name: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../worker/${name}.ts`, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    // workerd provides these (the DurableObject base class).
    external: ["cloudflare:*"],
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${name}`);
  return output.text;
}

/** A Miniflare running one bundled Worker, and a JSON POST to it. */
export interface TestWorker {
  readonly miniflare: Miniflare;
  /** POSTs `body` as JSON to `path` and answers the parsed JSON. */
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Starts the Worker in workerd; no nodejs_compat, so only plain Workers APIs are there. */
export async function startWorker(script: string, options: Partial<MiniflareOptions>): Promise<TestWorker> {
  const miniflare = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    ...options,
  } as MiniflareOptions);
  await miniflare.ready;
  return {
    miniflare,
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await miniflare.dispatchFetch(`http://worker.test${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
  };
}
