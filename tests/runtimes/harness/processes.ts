/**
 * Spawns a runtime on the suite with a hard timeout, and reads its one result line.
 * Every child is tracked so afterAll can kill whatever is still running.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RESULT_MARKER } from "../suite/suite.js";
import type { SuiteReport } from "./report.ts";

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs: number;
}

/** A fresh directory under the OS temp dir, removed by `cleanup()`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `intercom-leads-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/**
 * A small environment for a child: none of vitest's variables (NODE_OPTIONS and the like) leak in,
 * and every cache or config directory a runtime might write points at a temp dir.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir("home");
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: "C.UTF-8",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_DATA_HOME: join(home, ".local/share"),
    TMPDIR: tempDir("tmp"),
    NO_COLOR: "1",
    ...extra,
  };
}

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${command} could not start: ${error.message}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (timedOut) {
        reject(
          new Error(
            `${command} ${args.join(" ")} timed out after ${options.timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        );
        return;
      }
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The report a suite run printed; throws, with the run's output, when there is none. */
export function parseReport(result: ProcessResult, what: string): SuiteReport {
  const line = result.stdout.split("\n").find((text) => text.startsWith(RESULT_MARKER));
  if (result.code !== 0 || line === undefined) {
    throw new Error(
      `${what} exited with ${result.code ?? result.signal} and ${line ? "a" : "no"} result line\n` +
        `stdout:\n${result.stdout.slice(-4000)}\nstderr:\n${result.stderr.slice(-4000)}`,
    );
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as SuiteReport;
}

/** Kills every child still running and removes the temp dirs. */
export function cleanup(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
