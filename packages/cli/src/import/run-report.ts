import type { ImportReport, ImportStop } from "../types.ts";
import type { RejectsWriter } from "./rejects.ts";
import type { ImportSettings } from "./settings.ts";
import type { Tally } from "./tally.ts";

/** The report of a run that stopped before sending anything. */
export function notStarted(settings: ImportSettings, resuming: boolean, stopped: ImportStop): ImportReport {
  return {
    file: settings.file,
    format: settings.format,
    dryRun: false,
    created: 0,
    reconciled: 0,
    failed: 0,
    skipped: 0,
    blank: 0,
    valid: 0,
    alreadyDone: { created: 0, failed: 0, skipped: 0 },
    unfinished: 0,
    rejects: { path: settings.rejectsPath, rows: 0, first: [] },
    journalPath: resuming ? settings.journalPath : undefined,
    elapsedMs: 0,
    complete: false,
    stopped,
  };
}

/** The report of a run that sent (`queued` only when the rows went to a queue endpoint). */
export function runReport(
  settings: ImportSettings,
  tally: Tally,
  rejects: RejectsWriter,
  stopped: ImportStop | undefined,
): ImportReport {
  return {
    file: settings.file,
    format: settings.format,
    dryRun: false,
    created: tally.created,
    reconciled: tally.reconciled,
    ...(tally.queued === undefined ? {} : { queued: tally.queued }),
    failed: tally.failed,
    skipped: tally.skipped,
    blank: tally.blank,
    valid: 0,
    alreadyDone: { ...tally.alreadyDone },
    unfinished: tally.unfinished,
    rejects: { path: settings.rejectsPath, rows: rejects.count, first: rejects.first },
    journalPath: settings.journalPath,
    elapsedMs: Date.now() - tally.started,
    complete: stopped === undefined && tally.unfinished === 0,
    ...(stopped ? { stopped } : {}),
  };
}
