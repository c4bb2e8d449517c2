import {
  type ApiVersion,
  createIntercom,
  type IntercomClient,
  isIntercomError,
  type LeadInput,
  type LegacyLeadInput,
} from "@intercom-leads/core";
import { ImportUsageError } from "../errors.ts";
import { targetUrl } from "../net/reachability.ts";
import type { ImportReport, ImportStop } from "../types.ts";
import { classifyFailure, stopMessage } from "./classify-failure.ts";
import { openRun } from "./open-run.ts";
import type { RowPlan } from "./plan-rows.ts";
import { runReport } from "./run-report.ts";
import type { ImportSettings } from "./settings.ts";
import { settleWithoutSending } from "./settle-plan.ts";
import { Tally } from "./tally.ts";

type SendPlan = Extract<RowPlan, { kind: "send" }>;

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

/**
 * Imports the file through `createLeads`, journaling every row so that a later run of the same
 * command, after any crash, neither creates a row twice nor skips one:
 * - "sending" is written (synchronously) right before a row's first create request leaves;
 * - "created" / "failed" / "skipped" when it is done, and a later run leaves it alone;
 * - a row left at "sending" may exist: the next run has core look it up by email before creating it.
 */
export async function importRows(settings: ImportSettings): Promise<ImportReport> {
  const client = connect(settings);
  const target = targetUrl(settings.baseUrl, settings.region);
  const opened = await openRun(settings, {
    url: target,
    unreachable: (reason) =>
      `cannot reach ${target}: ${reason} (check --base-url, --region and the network); nothing was sent`,
  });
  if ("report" in opened) return opened.report;
  const { size, plans, rejects, writer } = opened;

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
      for await (const plan of plans) {
        tally.bytesRead = plan.bytes;
        lastRow = plan.row;
        if (plan.kind === "send") {
          sending.set(nextIndex++, plan);
          tally.inFlight++;
          yield plan.input;
        } else {
          settleWithoutSending(plan, { writer, rejects, tally });
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

  return runReport(settings, tally, rejects, stopped);
}
