import type { IntercomError } from "../errors/intercom-error.ts";
import { isRateLimitError } from "../errors/type-guards.ts";
import type { RetryOptions } from "./options.ts";

/** A retry policy with every field filled in. */
export type ResolvedRetry = Required<RetryOptions>;

/** The defaults documented on `RetryOptions`. */
export const DEFAULT_RETRY: ResolvedRetry = { limit: 2, maxDelay: 10_000, retryMaybeCreated: false };

/** Fills a `retry` option in over a base policy; `false` and numbers are shorthands. */
export function resolveRetry(retry: RetryOptions | number | false | undefined, base: ResolvedRetry): ResolvedRetry {
  if (retry === undefined) return base;
  if (retry === false) return { ...base, limit: 0 };
  if (typeof retry === "number") return { ...base, limit: retry };
  return { ...base, ...retry };
}

/**
 * How long to wait before retrying after `error`, or `undefined` to give up.
 * A 429 waits for its window to reset; an answer that may have stored the
 * lead is only resent when the caller opted in.
 */
export function retryDelay(error: IntercomError, attempt: number, retry: ResolvedRetry, now: number): number | undefined {
  if (attempt >= retry.limit || error.name === "IntercomAbortError" || error.name === "IntercomConfigError") return undefined;
  const backoff = 500 * 2 ** attempt;
  if (isRateLimitError(error)) {
    const untilReset = error.resetAt ? error.resetAt.getTime() - now : backoff;
    // A reset already past means our clock and Intercom's disagree: back off instead of hammering.
    const wait = untilReset > 0 ? untilReset : backoff;
    // A little jitter keeps clients that share a window from all returning on the same millisecond.
    return wait <= retry.maxDelay ? wait + Math.floor(Math.random() * 50) : undefined;
  }
  if (error.maybeCreated && retry.retryMaybeCreated) return Math.min(retry.maxDelay, backoff);
  return undefined;
}
