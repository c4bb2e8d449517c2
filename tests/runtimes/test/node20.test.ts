import { expect, test } from "vitest";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { useHarness } from "../harness/use-harness.ts";

const harness = useHarness();

test("Node 20 runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = process.execPath;
  expect(await versionOf(binary)).toMatch(/^v20\./);
  const report = await runCliSuite(binary, [], harness.current, "Node 20");
  expectSuitePassed(report, { name: "node", version: /^v20\./ }, "Node 20");
});
