import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { IDEMPOTENCY_CONTRACT_CHECKS } from "@intercom-leads/testing";
import { expect, test } from "vitest";
import { denoBinary, PACKAGE_DIR } from "../harness/binaries.ts";
import { childEnv, parseReport, runProcess, tempDir } from "../harness/processes.ts";
import { useHarness } from "../harness/use-harness.ts";

const harness = useHarness();
const SCRIPT = fileURLToPath(new URL("../deno/kv-idempotency.ts", import.meta.url));

// Deno 2.9 still has KV behind `--unstable-kv`. Sloppy imports let the type check follow the built
// declarations' `./chunk.js` specifiers to their `.d.ts`, as TypeScript does.
const DENO_ARGS = ["--no-lock", "--unstable-kv"];

function denoEnv(): Record<string, string> {
  return childEnv({ DENO_DIR: join(tempDir("deno"), "cache"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" });
}

test("a Deno.Kv fits denoKvIdempotencyStore's structural type (deno check)", { timeout: 60_000 }, async () => {
  const result = await runProcess(denoBinary(), ["check", ...DENO_ARGS, "--unstable-sloppy-imports", SCRIPT], {
    cwd: PACKAGE_DIR,
    timeoutMs: 55_000,
    env: denoEnv(),
  });
  expect(stripVTControlCharacters(result.stderr).trim()).toBe("Check deno/kv-idempotency.ts");
  expect(result.code).toBe(0);
});

test("the Deno KV store passes the contract in Deno 2.9, and the handler answers a key once", {
  timeout: 60_000,
}, async () => {
  const result = await runProcess(
    denoBinary(),
    [
      "run",
      ...DENO_ARGS,
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      SCRIPT,
    ],
    {
      cwd: PACKAGE_DIR,
      timeoutMs: 55_000,
      env: { ...denoEnv(), RUNTIME_SUITE_FAKE_URL: harness.current.url, RUNTIME_SUITE_TOKEN: harness.current.token },
    },
  );
  const report = parseReport(result, "Deno KV idempotency");
  expect(report.runtime).toEqual({ name: "deno", version: "2.9.6" });
  expect(report.results.map((result) => result.name)).toEqual([
    ...IDEMPOTENCY_CONTRACT_CHECKS.map((name) => `Deno KV, injected clock: ${name}`),
    ...IDEMPOTENCY_CONTRACT_CHECKS.map((name) => `Deno KV file, real clock: ${name}`),
    "two handlers on one KV database: one key sent 20 times at once, one lead, 20 identical answers",
    "a first attempt that may have stored the lead: the resend finds it, one lead",
    "the same key with another body: 422 idempotency_key_reused, nothing created",
  ]);
  console.log(
    `[runtimes] Deno KV idempotency:\n${report.results
      .slice(-3)
      .map((result) => `  ${result.ok ? "ok  " : "FAIL"} ${result.name}: ${result.detail}`)
      .join("\n")}`,
  );
  expect(report.results.filter((result) => !result.ok)).toEqual([]);
});
