import {
  type IntercomError,
  isIntercomAbortError,
  isIntercomApiError,
  isIntercomNetworkError,
  isIntercomTimeoutError,
  isLeadValidationError,
} from "@intercom-leads/core";
import { RowError } from "../errors.ts";
import { describeNetworkCode, networkCode } from "../net/reachability.ts";

/** What a failed create means for the row and for the rest of the import. */
export type FailureVerdict =
  /** The row itself is at fault (or can never be checked): it is done, as failed, and goes to the rejects file. */
  | { readonly kind: "reject"; readonly error: Error }
  /**
   * The row is left for the next run: `maybeCreated` ones are looked up by email then, the others
   * sent as new. `stopImport` when the same error would fail every remaining row (a bad token, a
   * wrong URL, the network gone), so the import stops instead of burning through the file.
   */
  | { readonly kind: "retry"; readonly maybeCreated: boolean; readonly stopImport: boolean };

// Answers about the request or the account, not the row: every other row would get the same.
const IMPORT_WIDE_STATUSES = new Set([401, 402, 403, 404, 405, 406, 407, 408, 415, 429]);

/** Sorts a failed create into a verdict; `hasEmail` says whether the row can be looked up by email. */
export function classifyFailure(error: IntercomError, hasEmail: boolean): FailureVerdict {
  if (isLeadValidationError(error)) return { kind: "reject", error };
  if (error.maybeCreated) {
    if (hasEmail) return { kind: "retry", maybeCreated: true, stopImport: false };
    // Core could not reconcile it, and nothing can later: say so rather than risk a second lead.
    return {
      kind: "reject",
      error: new RowError(
        "maybe_created",
        `${error.message}. The lead may have been created, and a row without an email cannot be looked up in Intercom: ` +
          "it was not sent again. Check in Intercom, and import it on its own if it is missing.",
      ),
    };
  }
  if (
    isIntercomApiError(error) &&
    error.status >= 400 &&
    error.status < 500 &&
    !IMPORT_WIDE_STATUSES.has(error.status)
  ) {
    return { kind: "reject", error };
  }
  // An abort is the import stopping already; the rest (network, config, 401, 429 after retries) stops it.
  return { kind: "retry", maybeCreated: false, stopImport: !isIntercomAbortError(error) };
}

/** Why the import stopped, for the summary, with what to check. */
export function stopMessage(error: IntercomError): string {
  const status = isIntercomApiError(error) ? error.status : undefined;
  const hint =
    status === 401 || status === 403
      ? " (check --token or INTERCOM_TOKEN)"
      : status === 404 || status === 405 || isIntercomNetworkError(error) || isIntercomTimeoutError(error)
        ? " (check --base-url, --region and the network)"
        : "";
  // The connection's own failure (`connection refused`), which core keeps as the error's cause.
  const code = isIntercomNetworkError(error) ? networkCode(error.cause) : undefined;
  const reason = code === undefined ? "" : ` (${describeNetworkCode(code)})`;
  return `${error.name}: ${error.message}${reason}${hint}`;
}
