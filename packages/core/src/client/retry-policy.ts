import type { IntercomError } from "../errors/intercom-error.ts";
import { isIntercomAbortError, isIntercomConfigError, isRateLimitError } from "../errors/type-guards.ts";
import type { RequestOptions, RetryOptions } from "../types/options.ts";

/** A retry policy with every field filled in. */
export type ResolvedRetry = Required<RetryOptions>;

/**
 * The default policy. A client with a token sees Intercom's rate headers, so it is the one
 * layer that waits out a 429. A client without one talks to a proxy whose client already did:
 * retrying there too would multiply the proxy's attempts, so it hands the 429 to its caller.
 */
export function defaultRetry(hasToken: boolean): ResolvedRetry {
  return { limit: hasToken ? 2 : 0, maxDelay: 10_000, retryMaybeCreated: false };
}

/** Fills a `retry` option in over a base policy; `false` and numbers are shorthands. */
export function resolveRetry(retry: RequestOptions["retry"], base: ResolvedRetry): ResolvedRetry {
  return retry === undefined
    ? base
    : { ...base, ...(retry === false ? { limit: 0 } : typeof retry === "number" ? { limit: retry } : retry) };
}

/**
 * How long to wait before retrying after `error`, or `undefined` to give up.
 * A 429 waits for its window to reset; an answer that may have stored the
 * lead is only resent when the caller opted in.
 */
export function retryDelay(
  error: IntercomError,
  attempt: number,
  retry: ResolvedRetry,
  now: number,
): number | undefined {
  if (attempt >= retry.limit || isIntercomAbortError(error) || isIntercomConfigError(error)) return undefined;
  const backoff = 500 * 2 ** attempt;
  if (isRateLimitError(error)) {
    const untilReset = error.resetAt ? error.resetAt.getTime() - now : backoff;
    // A reset already past means our clock and Intercom's disagree: back off instead of hammering.
    const wait = untilReset > 0 ? untilReset : backoff;
    // A little jitter keeps clients that share a window from all returning on the same millisecond.
    return wait <= retry.maxDelay ? wait + Math.floor(Math.random() * 50) : undefined;
  }
  return error.maybeCreated && retry.retryMaybeCreated ? Math.min(retry.maxDelay, backoff) : undefined;
}
