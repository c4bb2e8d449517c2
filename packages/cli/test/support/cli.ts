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
  /**
   * Resolves with `event` once it happens, or rejects (with the output so far) if the process
   * exits first: a run that crashed fails the test at once instead of leaving it waiting.
   */
  before<T>(event: Promise<T>, what: string): Promise<T>;
  /** Resolves with the first match of `pattern` in everything written to `stream` so far or later. */
  output(stream: "stdout" | "stderr", pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Options of `startProcess`, `startCli` and `runCli`. */
export interface ProcessOptions {
  readonly cwd: string;
  /** `startProcess`: the child's whole environment; `startCli`: added to a bare PATH. */
  readonly env?: Record<string, string>;
}

/** Starts `command args` and collects its output as it comes. */
export function startProcess(command: string, args: readonly string[], options: ProcessOptions): RunningCli {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? {}, stdio: ["ignore", "pipe", "pipe"] });
  const text = { stdout: "", stderr: "" };
  // Re-checked on every chunk: the matchers waiting on a stream's output.
  const watchers = new Set<() => void>();
  for (const name of ["stdout", "stderr"] as const) {
    child[name]?.setEncoding("utf8").on("data", (chunk: string) => {
      text[name] += chunk;
      for (const watch of [...watchers]) watch();
    });
  }
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, ...text }));
  });

  function before<T>(event: Promise<T>, what: string): Promise<T> {
    const exited = done.then((run) => {
      throw new Error(
        `The process exited (${run.signal ?? run.code}) before ${what}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
      );
    });
    return Promise.race([event, exited]);
  }

  function output(stream: "stdout" | "stderr", pattern: RegExp): Promise<RegExpMatchArray> {
    const seen = new Promise<RegExpMatchArray>((resolve) => {
      const watch = (): void => {
        const match = pattern.exec(text[stream]);
        if (!match) return;
        watchers.delete(watch);
        resolve(match);
      };
      watchers.add(watch);
      watch();
    });
    return before(seen, `${pattern} on ${stream}`);
  }

  return { child, done, before, output };
}

/**
 * Starts `intercom-leads <args>` in `cwd` as a real child process, with an environment holding only
 * PATH and `env`: a token in the test runner's environment must not leak into it. Never spawnSync:
 * the fake Intercom it talks to runs in the test's own event loop.
 */
export function startCli(args: readonly string[], options: ProcessOptions): RunningCli {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build the package first (pnpm build, or pnpm test which builds)`);
  return startProcess(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
}

/** Runs the command to its end. */
export function runCli(args: readonly string[], options: ProcessOptions): Promise<CliRun> {
  return startCli(args, options).done;
}
