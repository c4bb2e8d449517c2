/** Runs the suite in a runtime that takes a file (Node, Deno, Bun), against a running harness. */
import { CLI_ENTRY, PACKAGE_DIR } from "./binaries.ts";
import { childEnv, parseReport, runProcess } from "./processes.ts";
import type { SuiteReport } from "./report.ts";
import type { Harness } from "./serve.ts";

export const SUITE_TIMEOUT_MS = 30_000;

/** `<binary> --version`, trimmed; fails the test when the binary cannot start. */
export async function versionOf(binary: string, env?: Record<string, string>): Promise<string> {
  const result = await runProcess(binary, ["--version"], { timeoutMs: 15_000, env: env ?? childEnv() });
  if (result.code !== 0)
    throw new Error(`${binary} --version exited with ${result.code ?? result.signal}: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * Runs `binary ...args suite/cli.js` from tests/runtimes (its package.json and node_modules are where
 * Deno and Bun resolve the bare imports from) and returns the report it printed.
 */
export async function runCliSuite(
  binary: string,
  args: readonly string[],
  harness: Harness,
  label: string,
  env: Record<string, string> = {},
): Promise<SuiteReport> {
  const result = await runProcess(binary, [...args, CLI_ENTRY], {
    cwd: PACKAGE_DIR,
    timeoutMs: SUITE_TIMEOUT_MS,
    env: childEnv({ RUNTIME_SUITE_FAKE_URL: harness.url, RUNTIME_SUITE_TOKEN: harness.token, ...env }),
  });
  return parseReport(result, label);
}
