import { isIntercomApiError, isIntercomError, isLeadValidationError, isRateLimitError } from "@intercom-leads/core";
import type { DeadLetterReason, FailureRecord } from "./env.ts";

/** What to do with an input whose create failed. */
export type Verdict =
  /** Failed for good: to the dead-letter queue at once, never retried. */
  | { readonly kind: DeadLetterReason; readonly record: FailureRecord }
  /** Failed for now: retried after `delaySeconds`; `maybeCreated` when the lead may exist all the same. */
  | {
      readonly kind: "retry";
      readonly record: FailureRecord;
      readonly maybeCreated: boolean;
      readonly delaySeconds: number;
    };

const MAX_DELAY_SECONDS = 300;
// Answers that say the request itself is wrong: sending it again gets the same answer. 401/403 (a token
// being rotated), 408, 409 and 429 are not among them.
const REFUSED = new Set([400, 404, 405, 406, 413, 415, 422]);

/** An error as a small JSON record. */
export function failureRecord(error: unknown): FailureRecord {
  if (isLeadValidationError(error))
    return {
      name: error.name,
      message: error.message,
      codes: error.issues.map((issue) => issue.path.join(".") || "(input)"),
    };
  if (isIntercomApiError(error))
    return {
      name: error.name,
      message: error.message,
      status: error.status,
      codes: error.errors.map((entry) => entry.code),
    };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

/** Sorts a failed create into failed for good (dead-letter it) or failed for now (retry it, after how long). */
export function verdictOf(error: unknown, attempts: number, baseDelaySeconds: number, now: number): Verdict {
  const record = failureRecord(error);
  if (isLeadValidationError(error)) return { kind: "invalid", record };
  if (isIntercomApiError(error) && REFUSED.has(error.status)) return { kind: "refused", record };
  const maybeCreated = isIntercomError(error) ? error.maybeCreated : true;
  let delaySeconds = Math.min(MAX_DELAY_SECONDS, baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
  // A 429 the client could not wait out: nothing is worth sending before the window resets.
  if (isRateLimitError(error) && error.resetAt)
    delaySeconds = Math.min(
      MAX_DELAY_SECONDS,
      Math.max(delaySeconds, Math.ceil((error.resetAt.getTime() - now) / 1000)),
    );
  return { kind: "retry", record, maybeCreated, delaySeconds };
}
