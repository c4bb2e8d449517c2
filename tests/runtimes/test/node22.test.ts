import { afterAll, beforeAll, expect, test } from "vitest";
import { checkCoreBuilt, nodeBinary } from "../harness/binaries.ts";
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

test("Node 22 runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = nodeBinary(22);
  expect(await versionOf(binary)).toMatch(/^v22\./);
  const report = await runCliSuite(binary, [], harness!, "Node 22");
  expectSuitePassed(report, { name: "node", version: /^v22\./ }, "Node 22");
});
