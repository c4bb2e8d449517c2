import type { IntercomError } from "../errors/intercom-error.ts";
import type { ReconcileOptions, RequestOptions } from "../types/options.ts";

/** One input's outcome in a bulk import. Every input gets exactly one. */
export type LeadResult<TInput, TLead> =
  | {
      /** The input's position in the source, from 0. */
      index: number;
      input: TInput;
      status: "created";
      lead: TLead;
      /** `true` when an ambiguous failure was resolved by finding the stored lead, not by creating it again. */
      reconciled: boolean;
    }
  | { index: number; input: TInput; status: "failed"; error: IntercomError }
  | {
      index: number;
      input: TInput;
      status: "skipped";
      /** Why the input was not sent. */
      reason: "duplicate_email";
      /** The index of the earlier input with the same email. */
      duplicateOf: number;
    };

/** Counts while an import runs, for progress bars. */
export interface LeadImportProgress {
  /** Inputs read from the source so far. */
  read: number;
  created: number;
  failed: number;
  skipped: number;
  /** Of `created`, those found by a lookup after an ambiguous failure. */
  reconciled: number;
  /** Inputs being created right now. */
  inFlight: number;
  /** Milliseconds since the import started. */
  elapsedMs: number;
}

/** The totals of a finished import. */
export interface LeadImportSummary extends Omit<LeadImportProgress, "inFlight"> {
  /** Whether the import stopped reading early because its `signal` aborted. */
  aborted: boolean;
}

/**
 * Options of `createLeads`, the bulk import. Its `retry` waits out 429s longer than a single
 * call's (a 429 stored nothing, and a bulk import has time).
 */
export interface LeadImportOptions<TInput = unknown> extends Omit<RequestOptions, "signal"> {
  /**
   * How many leads are created at once, from 1 to 64. The client's rate
   * governor paces them to Intercom's window whatever the number.
   * @default 4
   */
  concurrency?: number;
  /**
   * Stops the import: no more inputs are read, the ones in flight finish and
   * are reported, then the results end.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Called after every result, with the running counts.
   * @default undefined
   */
  onProgress?: (progress: LeadImportProgress) => void;
  /**
   * Skips an input whose email (case-insensitive) an earlier input of this
   * import was created with. An earlier input that failed does not count. The
   * emails created are kept in memory.
   * @default false
   */
  skipDuplicateEmails?: boolean;
  /**
   * Resolves ambiguous failures (timeout, lost connection, 5xx) by looking the
   * lead up by email before creating it again; it replaces `retry.retryMaybeCreated`.
   * Inputs without an email cannot be looked up: they fail with `maybeCreated: true`.
   * @default true
   */
  reconcile?: boolean | ReconcileOptions;
  /**
   * Inputs an earlier run may already have sent (a crashed import being
   * resumed): looked up by email before they are created. Return when (Unix
   * milliseconds) it may have been sent, so older leads with the same email are
   * not taken for it, or `true` for any time. Without an email such an input
   * fails with `maybeCreated: true` rather than being sent again.
   * @default undefined
   */
  mayExist?: (input: TInput, index: number) => boolean | number;
  /**
   * Called synchronously before an input's first create request is queued to
   * leave (before the rate governor's wait): the place to journal "sending"
   * for a resumable import.
   * @default undefined
   */
  onSend?: (input: TInput, index: number) => void;
}

/** A running import: iterate it for each result, or await `summary()` for the totals. */
export interface LeadImport<TInput, TLead> extends AsyncIterable<LeadResult<TInput, TLead>> {
  /** Runs the import to its end (or reads the rest of it) and returns the totals. */
  summary(): Promise<LeadImportSummary>;
}
