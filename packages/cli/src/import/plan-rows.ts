import { type LeadInput, LeadValidationError, type LegacyLeadInput, validateLeadInput } from "@intercom-leads/core";
import { RowError } from "../errors.ts";
import type { JournalState } from "../journal/journal.ts";
import type { SourceRecord } from "../source/record.ts";

/** What to do with one row of the file. */
export type RowPlan =
  /** An earlier run of this import finished the row. */
  | {
      readonly kind: "done";
      readonly row: number;
      readonly bytes: number;
      readonly state: "created" | "failed" | "skipped";
    }
  /** The row cannot be sent: it goes to the rejects file. */
  | {
      readonly kind: "reject";
      readonly row: number;
      readonly bytes: number;
      readonly input: unknown;
      readonly error: Error;
    }
  /** A blank row; or, with `skipDuplicateEmails`, an earlier row (`duplicateOf`) has the same email. */
  | {
      readonly kind: "skip";
      readonly row: number;
      readonly bytes: number;
      readonly blank: boolean;
      readonly duplicateOf?: number;
    }
  /** A valid lead to create; `mayExist` when an interrupted run was sending it. */
  | {
      readonly kind: "send";
      readonly row: number;
      readonly bytes: number;
      readonly input: LeadInput | LegacyLeadInput;
      readonly mayExist: boolean;
    };

/** Options of `planRows`. */
export interface PlanOptions {
  /** The last journal state of each row an earlier run touched. */
  readonly journal: ReadonlyMap<number, JournalState>;
  /** The API version the rows are checked for. */
  readonly apiVersion: string | undefined;
  /** Skip a row whose email an earlier valid row of the file has (case-insensitive). */
  readonly skipDuplicateEmails: boolean;
}

function maybeCreatedError(): RowError {
  return new RowError(
    "maybe_created",
    "An earlier run was sending this row when it stopped, and a row without an email cannot be looked up in Intercom: " +
      "it was not sent again, so it may or may not have been created. Check in Intercom, and import it on its own if it is missing.",
  );
}

function problemWith(input: unknown, apiVersion: string | undefined): LeadValidationError | undefined {
  const issues = validateLeadInput(input, { apiVersion });
  return issues.length > 0 ? new LeadValidationError(issues) : undefined;
}

/**
 * Decides, row by row, what the import does. Every row is read and checked whatever the journal
 * says, so the duplicate check sees the same rows in the same order on every run of an import and
 * decides the same way; the journal only says which decisions were carried out already.
 */
export async function* planRows(records: AsyncIterable<SourceRecord>, options: PlanOptions): AsyncGenerator<RowPlan> {
  const firstRowByEmail = new Map<string, number>();
  for await (const { row, bytes, input, error, blank } of records) {
    if (blank) {
      const state = options.journal.get(row);
      if (state === "created" || state === "failed" || state === "skipped") yield { kind: "done", row, bytes, state };
      else yield { kind: "skip", row, bytes, blank: true };
      continue;
    }
    const problem = error ?? problemWith(input, options.apiVersion);
    const email = problem ? undefined : (input as { email?: string }).email;
    let duplicateOf: number | undefined;
    if (options.skipDuplicateEmails && email !== undefined) {
      const key = email.trim().toLowerCase();
      duplicateOf = firstRowByEmail.get(key);
      if (duplicateOf === undefined) firstRowByEmail.set(key, row);
    }

    const state = options.journal.get(row);
    if (state === "created" || state === "failed" || state === "skipped") yield { kind: "done", row, bytes, state };
    else if (problem) yield { kind: "reject", row, bytes, input, error: problem };
    else if (duplicateOf !== undefined) yield { kind: "skip", row, bytes, blank: false, duplicateOf };
    else if (state === "sending" && email === undefined)
      yield { kind: "reject", row, bytes, input, error: maybeCreatedError() };
    // validateLeadInput found nothing wrong: the input is a lead input of the chosen API version.
    else yield { kind: "send", row, bytes, input: input as LeadInput | LegacyLeadInput, mayExist: state === "sending" };
  }
}
