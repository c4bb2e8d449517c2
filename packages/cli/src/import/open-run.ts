import { existsSync } from "node:fs";
import { ImportUsageError } from "../errors.ts";
import { describeFsError } from "../fs/describe-fs-error.ts";
import { JournalWriter, readJournal } from "../journal/journal.ts";
import { unreachableReason } from "../net/reachability.ts";
import { type OpenedFile, openRecords } from "../source/open-records.ts";
import type { ImportReport } from "../types.ts";
import { planRows, type RowPlan } from "./plan-rows.ts";
import { RejectsWriter } from "./rejects.ts";
import { notStarted } from "./run-report.ts";
import type { ImportSettings } from "./settings.ts";

/** What a run that sends reads and writes, open. */
export interface OpenRun extends OpenedFile {
  /** What to do with each row of `records`, given what earlier runs journaled; closing `records` ends it. */
  readonly plans: AsyncGenerator<RowPlan>;
  readonly rejects: RejectsWriter;
  readonly writer: JournalWriter;
}

/** Where a run sends, probed before anything is written. */
export interface RunTarget {
  /** The URL whose host must answer. */
  readonly url: string;
  /** The run's message when it does not, given why. */
  unreachable(reason: string): string;
}

/** A journal or rejects file that cannot be written is the user's to fix (a read-only folder, a bad path). */
function unwritable(error: unknown): unknown {
  const { code, path } = error as NodeJS.ErrnoException;
  return code
    ? new ImportUsageError(`Cannot write ${path ?? "next to the input file"}: ${describeFsError(error)}`)
    : error;
}

async function openOutputs(
  settings: ImportSettings,
  resuming: boolean,
): Promise<{ rejects: RejectsWriter; writer: JournalWriter }> {
  const rejects = await RejectsWriter.open(settings.rejectsPath, resuming);
  try {
    return { rejects, writer: new JournalWriter(settings.journalPath) };
  } catch (error) {
    rejects.close();
    throw error;
  }
}

/**
 * Reads the journal and opens the file, then the rejects file and the journal for writing. A target that
 * cannot be reached would fail every row, and slowly: the run's report says so at once instead, before the
 * journal and the rejects file are touched.
 */
export async function openRun(
  settings: ImportSettings,
  target: RunTarget,
): Promise<OpenRun | { report: ImportReport }> {
  const resuming = existsSync(settings.journalPath);
  const journal = await readJournal(settings.journalPath);
  const { size, records } = await openRecords(settings.file, settings.format, settings.apiVersion);
  const reason = await unreachableReason(target.url);
  if (reason !== undefined) {
    await records.return(undefined);
    return { report: notStarted(settings, journal.size > 0, { reason: "error", message: target.unreachable(reason) }) };
  }
  const { rejects, writer } = await openOutputs(settings, resuming).catch(async (error: unknown) => {
    await records.return(undefined);
    throw unwritable(error);
  });
  const plans = planRows(records, {
    journal,
    apiVersion: settings.apiVersion,
    skipDuplicateEmails: settings.skipDuplicateEmails,
  });
  return { size, records, plans, rejects, writer };
}
