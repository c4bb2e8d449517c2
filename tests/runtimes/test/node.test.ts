import { afterAll, describe, test } from "vitest";
import { checkCoreBuilt, nodeBinary } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { cleanup } from "../harness/processes.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { startHarness } from "../harness/serve.ts";

/** A Node major the packages support, and where its binary is. */
interface NodeRuntime {
  readonly major: 20 | 22 | 24;
  /** Resolved inside the test, so a missing binary fails that runtime's test, not the whole file. */
  readonly binary: () => string;
}

// Node 20 is the machine's own (the one running vitest); 22 and 24 come from npm packages.
const NODE_RUNTIMES: readonly NodeRuntime[] = [
  { major: 20, binary: () => process.execPath },
  { major: 22, binary: () => nodeBinary(22) },
  { major: 24, binary: () => nodeBinary(24) },
];

// cleanup() kills every child this file started: only once all three are done.
afterAll(() => cleanup());

// Side by side, since most of a run is the suite waiting out a rate window. Each runtime is its own
// process against its own harness: the suite resets the fake between cases, so two cannot share one.
describe.concurrent("Node", () => {
  test.for(NODE_RUNTIMES)(
    "Node $major runs the suite over HTTP against the fake",
    { timeout: SUITE_TIMEOUT_MS + 20_000 },
    async ({ major, binary }, { expect, onTestFinished }) => {
      checkCoreBuilt();
      const harness = await startHarness();
      onTestFinished(() => harness.close());
      const version = new RegExp(`^v${major}\\.`);
      expect(await versionOf(binary())).toMatch(version);
      const report = await runCliSuite(binary(), [], harness, `Node ${major}`);
      expectSuitePassed(report, { name: "node", version }, `Node ${major}`);
    },
  );
});
