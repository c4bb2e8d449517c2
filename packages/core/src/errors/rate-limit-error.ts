import { IntercomApiError, type IntercomApiErrorDetails } from "./intercom-api-error.ts";

/** Intercom's rate-limit headers, as read from a 429 answer. */
export interface RateLimitDetails extends IntercomApiErrorDetails {
  /** `X-RateLimit-Limit`: calls allowed in the current window. */
  limit?: number | undefined;
  /** `X-RateLimit-Remaining`: calls left in the current window. */
  remaining?: number | undefined;
  /** When the window resets (`X-RateLimit-Reset`, or `Retry-After`). */
  resetAt?: Date | undefined;
}

/**
 * Intercom answered 429: the app used up its rate-limit window. Nothing was
 * stored, so the call is safe to retry after `resetAt`.
 */
export class RateLimitError extends IntercomApiError {
  override name: "RateLimitError" = "RateLimitError";
  /** Calls allowed per window (`X-RateLimit-Limit`), when Intercom sent it. */
  readonly limit: number | undefined;
  /** Calls left in the window (`X-RateLimit-Remaining`), when Intercom sent it. */
  readonly remaining: number | undefined;
  /** When the window resets, when Intercom said. */
  readonly resetAt: Date | undefined;

  /** Builds the error from a 429 answer and its rate-limit headers. */
  constructor(details: RateLimitDetails) {
    super({ ...details, status: 429 });
    this.limit = details.limit;
    this.remaining = details.remaining;
    this.resetAt = details.resetAt;
  }
}
