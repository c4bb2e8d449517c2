import type { IntercomErrorEntry } from "../wire/error-list.ts";
import { IntercomError } from "./intercom-error.ts";

/** What Intercom told us about a failed request. */
export interface IntercomApiErrorDetails {
  /** HTTP status of Intercom's answer. */
  status: number;
  /** Every entry of Intercom's `error.list`; empty when the body was HTML, empty or not an error list. */
  errors: readonly IntercomErrorEntry[];
  /** Intercom's `request_id`. */
  requestId?: string | undefined;
  /**
   * Overrides whether the lead may have been stored.
   * @default status >= 500
   */
  maybeCreated?: boolean;
}

/**
 * Intercom answered with an HTTP error. `code` is the first `error.list`
 * entry's code, or `http_<status>` when the body carried none.
 * 5xx answers set `maybeCreated`: the lead may have been stored before the failure.
 */
export class IntercomApiError extends IntercomError {
  override name: "IntercomApiError" | "RateLimitError" = "IntercomApiError";
  /** HTTP status, e.g. `400`, `401`, `409`, `502`. */
  readonly status: number;
  /** Machine-readable code of the first error, e.g. `parameter_invalid`, or `http_<status>`. */
  readonly code: string;
  /** Every error Intercom listed. */
  readonly errors: readonly IntercomErrorEntry[];

  /** Builds the error from Intercom's answer, as the client does for every non-2xx answer. */
  constructor(details: IntercomApiErrorDetails) {
    const first = details.errors[0];
    const code = first?.code ?? `http_${details.status}`;
    super(`Intercom answered ${details.status} ${code}${first?.message ? `: ${first.message}` : ""}`, {
      maybeCreated: details.maybeCreated ?? details.status >= 500,
      requestId: details.requestId,
    });
    this.status = details.status;
    this.code = code;
    this.errors = details.errors;
  }
}
