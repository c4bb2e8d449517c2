import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkCoreBuilt } from "../harness/binaries.ts";
import { bundleSuite } from "../harness/bundle.ts";
import { SUITE_TIMEOUT_MS } from "../harness/cli-runtime.ts";
import { cleanup } from "../harness/processes.ts";
import { expectSuitePassed, type SuiteReport } from "../harness/report.ts";
import { type Harness, startHarness } from "../harness/serve.ts";
import { moduleWorker } from "../harness/workerd.js";

let harness: Harness | undefined;
let miniflare: Miniflare | undefined;
beforeAll(async () => {
  checkCoreBuilt();
  harness = await startHarness();
});
afterAll(async () => {
  await miniflare?.dispose();
  cleanup();
  await harness?.close();
});

test("workerd runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  // The suite, the built packages and ky in one module Worker, as a user's bundler would make it.
  const script = await bundleSuite("worker.js", "workerd");
  miniflare = new Miniflare(moduleWorker(script, { bindings: { FAKE_URL: harness!.url, TOKEN: harness!.token } }));
  const response = await miniflare.dispatchFetch("http://runtime.test/", {
    signal: AbortSignal.timeout(SUITE_TIMEOUT_MS),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expectSuitePassed(JSON.parse(text) as SuiteReport, { name: "workerd" }, "workerd");
});
