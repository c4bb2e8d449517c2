import type { ImportReport } from "../types.ts";

/** The command's exit codes (documented in the README). */
export const EXIT_CODES = {
  /** Every row of the file is done and none failed. */
  ok: 0,
  /** Every row is done, and some failed: they are in the rejects file. */
  rowsFailed: 1,
  /** The command line, the token or the file cannot be used as given; nothing was sent. */
  usage: 2,
  /** The run stopped before every row was done (or some could not be checked); running the same command again resumes. */
  unfinished: 3,
  /** Interrupted (Ctrl-C or SIGTERM) after finishing the rows in flight; running the same command again resumes. */
  interrupted: 130,
} as const;

/** The exit code for a run's report: unfinished before failed, so a partial run never looks final. */
export function exitCodeFor(report: ImportReport): number {
  if (report.stopped?.reason === "interrupted") return EXIT_CODES.interrupted;
  if (!report.complete) return EXIT_CODES.unfinished;
  // Failures of earlier runs count: a re-run of a finished import exits as the import did.
  return report.failed + report.alreadyDone.failed > 0 ? EXIT_CODES.rowsFailed : EXIT_CODES.ok;
}
