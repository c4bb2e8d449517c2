import { existsSync } from "node:fs";
import { ImportUsageError } from "../errors.ts";
import { openRecords } from "../source/open-records.ts";
import type { ImportReport, ImportStop } from "../types.ts";
import { planRows } from "./plan-rows.ts";
import { RejectsWriter } from "./rejects.ts";
import type { ImportSettings } from "./settings.ts";
import { Tally } from "./tally.ts";

/**
 * Checks every row by the rules core applies before sending, and writes the rejects file; nothing
 * is sent and no journal is read or written. `rejectsIsDefault` guards an import in progress: its
 * rejects file is part of its state, so a dry run must not replace it unless told where to write.
 */
export async function dryRun(settings: ImportSettings, rejectsIsDefault: boolean): Promise<ImportReport> {
  if (rejectsIsDefault && existsSync(settings.journalPath)) {
    throw new ImportUsageError(
      `An import of ${settings.file} has started (${settings.journalPath} exists); a dry run would replace its rejects file. ` +
        "Pass --rejects <path> to write the dry run's rejects elsewhere.",
    );
  }
  const { size, records } = await openRecords(settings.file, settings.format, settings.apiVersion);
  const rejects = await RejectsWriter.open(settings.rejectsPath, false);
  const tally = new Tally();
  let stopped: ImportStop | undefined;
  let lastRow = 1;
  const plans = planRows(records, {
    journal: new Map(),
    apiVersion: settings.apiVersion,
    skipDuplicateEmails: settings.skipDuplicateEmails,
  });
  try {
    for await (const plan of plans) {
      tally.bytesRead = plan.bytes;
      lastRow = plan.row;
      if (plan.kind === "send") tally.valid++;
      else if (plan.kind === "skip") {
        tally.skipped++;
        if (plan.blank) tally.blank++;
      } else if (plan.kind === "reject") {
        rejects.write(plan.row, plan.input, plan.error);
        tally.failed++;
      }
      settings.onProgress?.(tally.progress(size));
      if (settings.signal?.aborted) {
        stopped = { reason: "interrupted", message: "Interrupted" };
        break;
      }
    }
  } catch (error) {
    stopped = {
      reason: "error",
      message: `Cannot read ${settings.file} after row ${lastRow}: ${(error as Error).message}`,
    };
  } finally {
    await plans.return(undefined);
    rejects.close();
  }
  return {
    file: settings.file,
    format: settings.format,
    dryRun: true,
    created: 0,
    reconciled: 0,
    failed: tally.failed,
    skipped: tally.skipped,
    blank: tally.blank,
    valid: tally.valid,
    alreadyDone: { created: 0, failed: 0, skipped: 0 },
    unfinished: 0,
    rejects: { path: settings.rejectsPath, rows: rejects.count, first: rejects.first },
    journalPath: undefined,
    elapsedMs: Date.now() - tally.started,
    complete: stopped === undefined,
    ...(stopped ? { stopped } : {}),
  };
}
