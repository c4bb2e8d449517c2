import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bunBinary, checkCoreBuilt } from "../harness/binaries.ts";
import { runCliSuite, SUITE_TIMEOUT_MS, versionOf } from "../harness/cli-runtime.ts";
import { childEnv, cleanup, tempDir } from "../harness/processes.ts";
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

test("Bun runs the suite over HTTP against the fake", { timeout: SUITE_TIMEOUT_MS + 20_000 }, async () => {
  const binary = bunBinary();
  const env = { BUN_INSTALL_CACHE_DIR: join(tempDir("bun"), "install-cache"), DO_NOT_TRACK: "1" };
  expect(await versionOf(binary, childEnv(env))).toBe("1.4.4");
  // --no-install: resolve from the node_modules pnpm laid out, never auto-install from a registry.
  const report = await runCliSuite(binary, ["run", "--no-install"], harness!, "Bun", env);
  expectSuitePassed(report, { name: "bun", version: /^1\.4\.4$/ }, "Bun");
});
