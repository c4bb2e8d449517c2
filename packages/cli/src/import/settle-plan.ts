import type { JournalWriter } from "../journal/journal.ts";
import type { RowPlan } from "./plan-rows.ts";
import type { RejectsWriter } from "./rejects.ts";
import type { Tally } from "./tally.ts";

/** Journals and counts a row that needs no request: done by an earlier run, skipped, or rejected before sending. */
export function settleWithoutSending(
  plan: Exclude<RowPlan, { kind: "send" }>,
  { writer, rejects, tally }: { writer: JournalWriter; rejects: RejectsWriter; tally: Tally },
): void {
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
}
