import { expect, test } from "vitest";
import { nodeBinary } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { useHarness } from "../harness/use-harness.ts";

const harness = useHarness();

test("Node 22 runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = nodeBinary(22);
  expect(await versionOf(binary)).toMatch(/^v22\./);
  const report = await runCliSuite(binary, [], harness.current, "Node 22");
  expectSuitePassed(report, { name: "node", version: /^v22\./ }, "Node 22");
});
