import { randomUUID } from "node:crypto";
import { LeadValidationError } from "@intercom-leads/core";
import { postBatch } from "../net/post-batch.ts";
import type { ImportReport, ImportStop } from "../types.ts";
import { openRun } from "./open-run.ts";
import type { RowPlan } from "./plan-rows.ts";
import { runReport } from "./run-report.ts";
import type { ImportSettings } from "./settings.ts";
import { settleWithoutSending } from "./settle-plan.ts";
import { Tally } from "./tally.ts";

type SendPlan = Extract<RowPlan, { kind: "send" }>;

/** Rows per post: a few queue `sendBatch` calls' worth, and well under the endpoint's limit of 1,000. */
export const QUEUE_BATCH_ROWS = 200;

/**
 * Hands the file's valid rows to a queue importer's endpoint in batches (examples/cloudflare-queue-import),
 * whose consumer creates each lead exactly once. The journal works as for a direct import:
 * - "sending" before a batch is posted; "created" once the endpoint has queued it (done, for this file);
 * - "unsent" when the endpoint refused the batch (nothing queued);
 * - rows left at "sending" (no trustworthy answer, a crash) are posted again by the next run marked
 *   `mayExist`, so the consumer looks each up by email before creating it. Each post carries an
 *   `Idempotency-Key`, so its own retries never queue a batch twice.
 */
export async function queueRows(
  settings: ImportSettings,
  queue: { url: string; secret: string },
): Promise<ImportReport> {
  const opened = await openRun(settings, {
    url: queue.url,
    unreachable: (reason) =>
      `cannot reach ${new URL(queue.url).origin}: ${reason} (check --queue-url and the network); nothing was sent`,
  });
  if ("report" in opened) return opened.report;
  const { size, records, plans, rejects, writer } = opened;

  const tally = new Tally();
  tally.queued = 0;
  const progress = (): void => settings.onProgress?.(tally.progress(size));
  let stopped: ImportStop | undefined;
  const run = randomUUID();
  let posts = 0;
  let batch: SendPlan[] = [];

  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    for (const plan of rows) writer.append({ row: plan.row, state: "sending" });
    tally.inFlight += rows.length;
    progress();
    const outcome = await postBatch(
      queue.url,
      queue.secret,
      rows.map((plan) => plan.input),
      { key: `${run}:${posts++}`, mayExist: rows[0]?.mayExist ?? false, signal: settings.signal },
    );
    tally.inFlight -= rows.length;
    if (outcome.kind === "queued") {
      const invalid = new Map(outcome.answer.invalid.map((entry) => [entry.index, entry.issues]));
      rows.forEach((plan, index) => {
        const issues = invalid.get(index);
        if (issues) {
          rejects.write(
            plan.row,
            plan.input,
            new LeadValidationError(issues.map(({ path, message }) => ({ path: [...path], message }))),
          );
          writer.append({ row: plan.row, state: "failed" });
          tally.failed++;
        } else {
          writer.append({ row: plan.row, state: "created" });
          tally.queued = (tally.queued ?? 0) + 1;
        }
      });
    } else {
      // Refused: nothing queued, so the next run posts the rows as new. Unknown: they stay "sending".
      if (outcome.kind === "refused") for (const plan of rows) writer.append({ row: plan.row, state: "unsent" });
      tally.unfinished += rows.length;
      stopped ??=
        outcome.message === "interrupted"
          ? { reason: "interrupted", message: "Interrupted" }
          : {
              reason: "error",
              message: `the queue endpoint ${outcome.kind === "refused" ? "refused" : "did not answer"} a batch: ${outcome.message}`,
            };
    }
    progress();
  }

  let lastRow = 1;
  try {
    for await (const plan of plans) {
      tally.bytesRead = plan.bytes;
      lastRow = plan.row;
      if (plan.kind === "send") {
        // A batch is all fresh rows or all rows an earlier run may have queued: the mark is per post.
        if (batch.length === QUEUE_BATCH_ROWS || (batch.length > 0 && batch[0]?.mayExist !== plan.mayExist))
          await flush();
        batch.push(plan);
      } else {
        settleWithoutSending(plan, { writer, rejects, tally });
        progress();
      }
      if (stopped) break;
      if (settings.signal?.aborted) {
        stopped = { reason: "interrupted", message: "Interrupted" };
        break;
      }
    }
    if (!stopped) await flush();
  } catch (error) {
    stopped ??= {
      reason: "error",
      message: `Cannot read ${settings.file} after row ${lastRow}: ${(error as Error).message}`,
    };
  } finally {
    await records.return(undefined);
    writer.close();
    rejects.close();
  }
  // Rows read into a batch that was never posted (the run stopped first) are unfinished too.
  tally.unfinished += batch.length;

  return runReport(settings, tally, rejects, stopped);
}
