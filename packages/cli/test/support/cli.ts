import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built command: the tests run what users run. `pnpm test` builds it first. */
export const BIN: string = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

/** How a finished run of the command went. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A run of the command that is still going. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  readonly done: Promise<CliRun>;
}

/** Starts `command args` and collects its output; `env` is the child's whole environment. */
export function startProcess(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string> }): RunningCli {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/**
 * Starts `intercom-leads <args>` in `cwd` as a real child process, with an environment holding only
 * PATH and `env`: a token in the test runner's environment must not leak into it. Never spawnSync:
 * the fake Intercom it talks to runs in the test's own event loop.
 */
export function startCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): RunningCli {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the package first (pnpm build, or pnpm test which builds)`);
  return startProcess(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH ?? "", ...options.env } });
}

/** Runs the command to its end. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Polls `condition` until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
