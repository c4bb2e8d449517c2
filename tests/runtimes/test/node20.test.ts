import { afterAll, beforeAll, expect, test } from "vitest";
import { checkCoreBuilt } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { cleanup } from "../harness/processes.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { type Harness, startHarness } from "../harness/serve.ts";

let harness: Harness | undefined;
beforeAll(async () => {
  checkCoreBuilt();
  harness = await startHarness();
});
afterAll(async () => {
  cleanup();
  await harness?.close();
});

test("Node 20 runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = process.execPath;
  expect(await versionOf(binary)).toMatch(/^v20\./);
  const report = await runCliSuite(binary, [], harness!, "Node 20");
  expectSuitePassed(report, { name: "node", version: /^v20\./ }, "Node 20");
});
