import { join } from "node:path";
import { expect, test } from "vitest";
import { denoBinary } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { childEnv, tempDir } from "../harness/processes.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { useHarness } from "../harness/use-harness.ts";

const harness = useHarness();

test("Deno runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = denoBinary();
  // An empty DENO_DIR: nothing cached from earlier runs, and nothing written outside temp dirs.
  const env = { DENO_DIR: join(tempDir("deno"), "cache"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
  expect(await versionOf(binary, childEnv(env))).toMatch(/^deno 2\.9\.6 /);
  // Run from tests/runtimes: Deno resolves `@intercom-leads/core` and, from there, `ky` through the
  // package.json and node_modules that pnpm laid out. Network access is loopback only.
  const report = await runCliSuite(
    binary,
    ["run", "--no-lock", "--no-prompt", "--allow-net=127.0.0.1", "--allow-read", "--allow-env"],
    harness.current,
    "Deno",
    env,
  );
  expectSuitePassed(report, { name: "deno", version: /^2\.9\.6$/ }, "Deno");
});
