import type { ApiVersion } from "@intercom-leads/core";
import { CommanderError } from "commander";
import { ImportUsageError } from "../errors.ts";
import { runImport } from "../run-import.ts";
import { attributesEnsureCommand } from "./attributes-ensure.ts";
import { EXIT_CODES, exitCodeFor } from "./exit-codes.ts";
import { fakeCommand } from "./fake.ts";
import { stopOnSignals } from "./interrupts.ts";
import { buildProgram, type ImportFlags } from "./program.ts";
import { createProgressReporter } from "./progress.ts";
import { formatSummary } from "./summary.ts";

/** What the command reads and writes: the process's own streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

async function importCommand(file: string, flags: ImportFlags, io: CliIo): Promise<number> {
  const controller = new AbortController();
  const reporter = createProgressReporter(io.stderr, { tty: io.stderr.isTTY === true, dryRun: flags.dryRun === true });
  const release = stopOnSignals(controller, reporter);
  try {
    const report = await runImport({
      file,
      format: flags.format,
      token: flags.token ?? io.env.INTERCOM_TOKEN,
      region: flags.region,
      apiVersion: flags.apiVersion as ApiVersion | undefined,
      baseUrl: flags.baseUrl,
      concurrency: flags.concurrency,
      dryRun: flags.dryRun,
      rejectsPath: flags.rejects,
      skipDuplicateEmails: flags.skipDuplicateEmails,
      reconcileWaitMs: flags.reconcileWaitMs,
      queueUrl: flags.queueUrl,
      queueSecret: flags.queueSecret ?? io.env.IMPORT_SECRET,
      signal: controller.signal,
      onProgress: (progress) => reporter.update(progress),
    });
    reporter.stop();
    io.stdout.write(formatSummary(report));
    return exitCodeFor(report);
  } catch (error) {
    reporter.stop();
    if (!(error instanceof ImportUsageError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT_CODES.usage;
  } finally {
    release();
  }
}

/**
 * Runs the `intercom-leads` command line (`argv` without node and the script) and resolves with
 * the exit code; see `EXIT_CODES`.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = buildProgram(
    { writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) },
    async (file, flags) => {
      exitCode = await importCommand(file, flags, io);
    },
    async (flags) => {
      exitCode = await fakeCommand(flags, io);
    },
    async (names, flags) => {
      exitCode = await attributesEnsureCommand(names, flags, io);
    },
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // Help and --version end with code 0; every other parse error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    throw error;
  }
  return exitCode;
}
