import { join } from "node:path";
import { expect, test } from "vitest";
import { bunBinary } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { childEnv, tempDir } from "../harness/processes.ts";
import { expectSuitePassed } from "../harness/report.ts";
import { useHarness } from "../harness/use-harness.ts";

const harness = useHarness();

test("Bun runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = bunBinary();
  const env = { BUN_INSTALL_CACHE_DIR: join(tempDir("bun"), "install-cache"), DO_NOT_TRACK: "1" };
  expect(await versionOf(binary, childEnv(env))).toBe("1.4.4");
  // --no-install: resolve from the node_modules pnpm laid out, never auto-install from a registry.
  const report = await runCliSuite(binary, ["run", "--no-install"], harness.current, "Bun", env);
  expectSuitePassed(report, { name: "bun", version: /^1\.4\.4$/ }, "Bun");
});
