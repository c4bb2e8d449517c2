import type { IntercomError } from "../errors/intercom-error.ts";
import { RateLimitError } from "../errors/rate-limit-error.ts";
import type { ResolvedRetry } from "./config.ts";

/**
 * How long to wait before retrying after `error`, or `undefined` to give up.
 * A 429 waits for its window to reset; an answer that may have stored the
 * lead is only resent when the caller opted in.
 */
export function retryDelay(error: IntercomError, attempt: number, retry: ResolvedRetry, now: number): number | undefined {
  if (attempt >= retry.limit || /Abort|Config/.test(error.name)) return undefined;
  const backoff = 500 * 2 ** attempt;
  if (error instanceof RateLimitError) {
    const untilReset = error.resetAt ? error.resetAt.getTime() - now : backoff;
    // A reset already past means our clock and Intercom's disagree: back off instead of hammering.
    const wait = untilReset > 0 ? untilReset : backoff;
    // A little jitter keeps clients that share a window from all returning on the same millisecond.
    return wait <= retry.maxDelay ? wait + Math.floor(Math.random() * 50) : undefined;
  }
  return error.maybeCreated && retry.retryMaybeCreated ? Math.min(retry.maxDelay, backoff) : undefined;
}
