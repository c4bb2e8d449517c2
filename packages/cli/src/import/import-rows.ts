import { existsSync } from "node:fs";
import {
  type ApiVersion,
  createIntercom,
  type IntercomClient,
  isIntercomError,
  type LeadInput,
  type LegacyLeadInput,
} from "@intercom-leads/core";
import { ImportUsageError } from "../errors.ts";
import { describeFsError } from "../fs/describe-fs-error.ts";
import { JournalWriter, readJournal } from "../journal/journal.ts";
import { targetUrl, unreachableReason } from "../net/reachability.ts";
import { openRecords } from "../source/open-records.ts";
import type { ImportReport, ImportStop } from "../types.ts";
import { classifyFailure, stopMessage } from "./classify-failure.ts";
import { planRows, type RowPlan } from "./plan-rows.ts";
import { RejectsWriter } from "./rejects.ts";
import type { ImportSettings } from "./settings.ts";
import { Tally } from "./tally.ts";

type SendPlan = Extract<RowPlan, { kind: "send" }>;

/** A journal or rejects file that cannot be written is the user's to fix (a read-only folder, a bad path). */
export function unwritable(error: unknown): unknown {
  const { code, path } = error as NodeJS.ErrnoException;
  return code
    ? new ImportUsageError(`Cannot write ${path ?? "next to the input file"}: ${describeFsError(error)}`)
    : error;
}

function connect(settings: ImportSettings): IntercomClient<ApiVersion> {
  try {
    return createIntercom({
      token: settings.token,
      region: settings.region,
      apiVersion: settings.apiVersion,
      baseUrl: settings.baseUrl,
    }) as IntercomClient<ApiVersion>;
  } catch (error) {
    // Core's config errors (an unsafe base URL, a malformed version or token) are the user's to fix.
    if (isIntercomError(error)) throw new ImportUsageError(error.message);
    throw error;
  }
}

export async function openOutputs(
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

/**
 * Imports the file through `createLeads`, journaling every row so that a later run of the same
 * command, after any crash, neither creates a row twice nor skips one:
 * - "sending" is written (synchronously) right before a row's first create request leaves;
 * - "created" / "failed" / "skipped" when it is done, and a later run leaves it alone;
 * - a row left at "sending" may exist: the next run has core look it up by email before creating it.
 */
export async function importRows(settings: ImportSettings): Promise<ImportReport> {
  const client = connect(settings);
  const resuming = existsSync(settings.journalPath);
  const journal = await readJournal(settings.journalPath);
  const { size, records } = await openRecords(settings.file, settings.format, settings.apiVersion);
  // A host that cannot be reached would fail every row, and slowly (a failure that may have sent is looked up for
  // the reconcile wait): say so in seconds, before the journal and the rejects file are touched.
  const target = targetUrl(settings.baseUrl, settings.region);
  const reason = await unreachableReason(target);
  if (reason !== undefined) {
    await records.return(undefined);
    return notStarted(settings, journal.size > 0, {
      reason: "error",
      message: `cannot reach ${target}: ${reason} (check --base-url, --region and the network); nothing was sent`,
    });
  }
  const { rejects, writer } = await openOutputs(settings, resuming).catch(async (error: unknown) => {
    await records.return(undefined);
    throw unwritable(error);
  });

  const tally = new Tally();
  const progress = (): void => settings.onProgress?.(tally.progress(size));
  const stopper = new AbortController();
  let stopped: ImportStop | undefined;
  const stop = (reason: ImportStop["reason"], message: string): void => {
    stopped ??= { reason, message };
    stopper.abort();
  };
  const onAbort = (): void => stop("interrupted", "Interrupted");
  if (settings.signal?.aborted) onAbort();
  settings.signal?.addEventListener("abort", onAbort, { once: true });

  // Rows handed to core, by the index core gives them (their order in the source, from 0).
  const sending = new Map<number, SendPlan>();
  let nextIndex = 0;
  // Rows left unfinished since the last one that succeeded.
  let unsettledStreak = 0;

  async function* leads(): AsyncGenerator<LeadInput | LegacyLeadInput> {
    let lastRow = 1;
    try {
      for await (const plan of planRows(records, {
        journal,
        apiVersion: settings.apiVersion,
        skipDuplicateEmails: settings.skipDuplicateEmails,
      })) {
        tally.bytesRead = plan.bytes;
        lastRow = plan.row;
        if (plan.kind === "send") {
          sending.set(nextIndex++, plan);
          tally.inFlight++;
          yield plan.input;
        } else {
          if (plan.kind === "done") tally.alreadyDone[plan.state]++;
          else if (plan.kind === "skip") {
            writer.append({ row: plan.row, state: "skipped" });
            tally.skipped++;
            if (plan.blank) tally.blank++;
          } else {
            // The reject first: if a crash comes between the two, the next run rejects the row again and the file keeps one line for it.
            rejects.write(plan.row, plan.input, plan.error);
            writer.append({ row: plan.row, state: "failed" });
            tally.failed++;
          }
          progress();
        }
        if (stopper.signal.aborted) return;
      }
    } catch (error) {
      // An unreadable file (an unclosed quote, a read error) ends the source; what was read is finished properly.
      stop("error", `Cannot read ${settings.file} after row ${lastRow}: ${(error as Error).message}`);
    }
  }

  const source = leads();
  const run = client.createLeads(source, {
    concurrency: settings.concurrency,
    signal: stopper.signal,
    ...(settings.reconcileWaitMs === undefined ? {} : { reconcile: { waitMs: settings.reconcileWaitMs } }),
    mayExist: (_input, index) => sending.get(index)?.mayExist ?? false,
    onSend: (_input, index) => {
      const plan = sending.get(index);
      if (plan) writer.append({ row: plan.row, state: "sending" });
    },
  });

  try {
    for await (const result of run) {
      const plan = sending.get(result.index);
      sending.delete(result.index);
      tally.inFlight--;
      if (!plan) continue;
      if (result.status !== "failed") unsettledStreak = 0;
      if (result.status === "created") {
        writer.append({ row: plan.row, state: "created", id: result.lead.id });
        tally.created++;
        if (result.reconciled) tally.reconciled++;
      } else if (result.status === "skipped") {
        writer.append({ row: plan.row, state: "skipped" });
        tally.skipped++;
      } else {
        const verdict = classifyFailure(result.error, typeof plan.input.email === "string");
        if (verdict.kind === "reject") {
          unsettledStreak = 0;
          rejects.write(plan.row, plan.input, verdict.error);
          writer.append({ row: plan.row, state: "failed" });
          tally.failed++;
        } else {
          // Proven unsent: the next run sends it as new. Never for a row an earlier run may have sent.
          if (!verdict.maybeCreated && !plan.mayExist) writer.append({ row: plan.row, state: "unsent" });
          tally.unfinished++;
          unsettledStreak++;
          if (verdict.stopImport) stop("error", stopMessage(result.error));
          // Every worker failing in a row (the network gone, an outage) would fail the rest of the file the same way, slowly.
          else if (unsettledStreak >= Math.max(3, settings.concurrency)) {
            stop(
              "error",
              `${unsettledStreak} rows in a row could not be settled; the last: ${stopMessage(result.error)}`,
            );
          }
        }
      }
      progress();
    }
  } finally {
    settings.signal?.removeEventListener("abort", onAbort);
    // Core stops pulling on abort without closing the source; closing it closes the file.
    await source.return(undefined);
    writer.close();
    rejects.close();
  }

  return {
    file: settings.file,
    format: settings.format,
    dryRun: false,
    created: tally.created,
    reconciled: tally.reconciled,
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
