import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { test as base, type TestAPI } from "vitest";
import { type CliRun, type RunningCli, runCli, startCli } from "./cli.ts";
import { type ObservedFake, serveObservedFake } from "./observed-fake.ts";

/** A fake Intercom on a loopback port and a scratch folder for the files of one test. */
export interface Workspace extends ObservedFake {
  /** The scratch folder, where the command runs. */
  readonly dir: string;
  /** Writes `text` to the file `name` in the folder and returns its path. */
  write(name: string, text: string): string;
  /** `import <file> --token <the fake's> --base-url <the fake's> ...flags`. */
  importArgs(file: string, ...flags: string[]): string[];
  /** Starts the command in the folder; `env` is added to a bare PATH. */
  start(args: readonly string[], env?: Record<string, string>): RunningCli;
  /** Runs the command in the folder to its end. */
  run(args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
}

/** What the CLI tests' fixtures give a test. */
export interface CliFixtures {
  /** A scratch folder, removed after the test. */
  dir: string;
  /** A scratch folder and a fake Intercom, both gone after the test. */
  ws: Workspace;
}

/**
 * `test` with the CLI fixtures: `test("…", async ({ ws }) => …)`. Each test that names one gets its
 * own, set up just for it (so tests may run concurrently) and torn down after it.
 */
export const test: TestAPI<CliFixtures> = base.extend<CliFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern.
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), "intercom-leads-cli-"));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  ws: async ({ dir }, use) => {
    const observed = await serveObservedFake();
    await use({
      ...observed,
      dir,
      write: (name, text) => {
        const path = join(dir, name);
        writeFileSync(path, text);
        return path;
      },
      importArgs: (file, ...flags) => [
        "import",
        file,
        "--token",
        FAKE_INTERCOM_TOKEN,
        "--base-url",
        observed.url,
        ...flags,
      ],
      start: (args, env) => startCli(args, { cwd: dir, ...(env ? { env } : {}) }),
      run: (args, env) => runCli(args, { cwd: dir, ...(env ? { env } : {}) }),
    });
    await observed.close();
  },
});
