import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { planRows, type RowPlan } from "../src/import/plan-rows.ts";
import { type JournalState, JournalWriter, readJournal } from "../src/journal/journal.ts";
import type { SourceRecord } from "../src/source/record.ts";
import { test } from "./support/workspace.ts";

async function plans(
  records: SourceRecord[],
  journal: Map<number, JournalState>,
  skipDuplicateEmails = false,
): Promise<RowPlan[]> {
  const out: RowPlan[] = [];
  async function* source(): AsyncGenerator<SourceRecord> {
    yield* records;
  }
  for await (const plan of planRows(source(), { journal, apiVersion: undefined, skipDuplicateEmails })) out.push(plan);
  return out;
}

describe("the journal", () => {
  test("reads the last state of each row, past a line a crash cut short, and appends on a fresh line", async ({
    dir,
  }) => {
    const path = join(dir, "leads.csv.journal");
    writeFileSync(
      path,
      '{"row":2,"state":"sending"}\n{"row":2,"state":"created","id":"a"}\n{"row":3,"state":"sending"}\n{"row":3,"sta',
    );

    expect(await readJournal(path)).toEqual(
      new Map([
        [2, "created"],
        [3, "sending"],
      ]),
    );
    const writer = new JournalWriter(path);
    writer.append({ row: 4, state: "sending" });
    writer.close();
    expect(readFileSync(path, "utf8").endsWith('{"row":3,"sta\n{"row":4,"state":"sending"}\n')).toBe(true);
    expect(await readJournal(path)).toEqual(
      new Map([
        [2, "created"],
        [3, "sending"],
        [4, "sending"],
      ]),
    );
  });

  test("reads a missing journal as empty", async ({ dir }) => {
    expect(await readJournal(join(dir, "none.journal"))).toEqual(new Map());
  });

  test("decides each row from the journal: done rows stay done, rows at 'sending' are looked up, unsent ones sent as new", async () => {
    const record = (row: number, input: unknown): SourceRecord => ({ row, bytes: row * 10, input });
    const decided = await plans(
      [
        record(1, { email: "a@example.com" }),
        record(2, { email: "b@example.com" }),
        record(3, { name: "No Email" }),
        record(4, { email: "d@example.com" }),
        record(5, { email: "e@example.com" }),
      ],
      new Map<number, JournalState>([
        [1, "created"],
        [2, "sending"],
        [3, "sending"],
        [4, "unsent"],
      ]),
    );
    expect(
      decided.map((plan) => [
        plan.row,
        plan.kind,
        plan.kind === "send"
          ? plan.mayExist
          : plan.kind === "reject"
            ? (plan.error as { code?: string }).code
            : undefined,
      ]),
    ).toEqual([
      [1, "done", undefined],
      [2, "send", true],
      [3, "reject", "maybe_created"],
      [4, "send", false],
      [5, "send", false],
    ]);
  });

  test("finds the same duplicates on every run, whatever the journal says is done", async () => {
    const records: SourceRecord[] = ["a@example.com", "b@example.com", "A@example.com", "b@example.com"].map(
      (email, i) => ({ row: i + 1, bytes: 0, input: { email } }),
    );
    const fresh = await plans(records, new Map(), true);
    const resumed = await plans(
      records,
      new Map<number, JournalState>([
        [1, "created"],
        [2, "created"],
      ]),
      true,
    );
    expect(fresh.map((plan) => plan.kind)).toEqual(["send", "send", "skip", "skip"]);
    expect(resumed.map((plan) => plan.kind)).toEqual(["done", "done", "skip", "skip"]);
    expect(
      resumed.filter((plan) => plan.kind === "skip").map((plan) => (plan as { duplicateOf: number }).duplicateOf),
    ).toEqual([1, 2]);
  });
});
