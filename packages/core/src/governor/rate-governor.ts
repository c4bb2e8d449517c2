import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { sleep } from "../time/sleep.ts";
import type { Governor } from "../types/governor.ts";
import { rateReport, reportedWindow } from "./rate-report.ts";

/**
 * Paces one client's requests to Intercom's rate limit, shared by every call
 * of that client. It learns the window from each answer's `X-RateLimit-*`
 * headers and spreads what is left of it evenly until the reset, so the window
 * is used fully but never exceeded; after a 429 it holds every call until the
 * reset. With no rate-limit headers (a proxy, a fake without limits) it never waits.
 *
 * Every client with a token makes one of its own. Make one yourself to share a window between
 * clients in one process (`createIntercom({ token, governor })`), from `@intercom-leads/core/governor`
 * (an entry of its own, so that a client without one still loads it on demand); across isolates, see
 * `durableGovernor` in `@intercom-leads/cloudflare`, which falls back to one of these.
 *
 * @example
 * import { RateGovernor } from "@intercom-leads/core/governor";
 * const governor = new RateGovernor();
 * const forms = createIntercom({ token, governor });
 * const imports = createIntercom({ token, governor });
 */
export class RateGovernor implements Governor {
  #limit: number | undefined;
  #remaining: number | undefined;
  /** When the current window resets (ms); 0 when unknown. */
  #resetAt = 0;
  /** Requests sent whose answers have not been seen: they count against the window already. */
  #pending = 0;
  /** The earliest time the next request may leave, for an even spread. */
  #nextAt = 0;
  /** Waiting calls, woken by every answer: it may have told us the window has room. */
  #waiting = new Set<AbortController>();

  /**
   * Waits until a request may be sent without exceeding the window, then counts
   * it as pending. `undefined` when it may be sent at once: no promise to await on the fast path.
   */
  acquire(signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> | undefined {
    const now = Date.now();
    const delay = this.#delay(now);
    if (delay <= 0) {
      this.#pending++;
      this.#nextAt = now + this.#spacing(now);
      return undefined;
    }
    return this.#sleep(delay, signal).then(() => {
      if (signal?.aborted) throw new IntercomAbortError(signal.reason, maybeCreated);
      return this.acquire(signal, maybeCreated);
    });
  }

  /** Counts a request as answered, learning the window from its headers (none for a lost connection). */
  release(response: Response | undefined): void {
    this.#pending = Math.max(0, this.#pending - 1);
    const learned = response ? this.#learn(response) : false;
    // A timeout, a lost connection or a proxy's error page says nothing, but Intercom may have counted it.
    if (!learned && this.#remaining !== undefined) this.#remaining = Math.max(0, this.#remaining - 1);
    for (const waiting of this.#waiting) waiting.abort();
  }

  /** Learns the window from an answer; `false` when it carried nothing to learn from. */
  #learn(response: Response): boolean {
    const report = rateReport(response);
    const window = reportedWindow(report, Date.now());
    if (!window) return false;
    const { resetAt, remaining } = window;
    if (resetAt > this.#resetAt) {
      // A newer window than the one we knew.
      this.#resetAt = resetAt;
      this.#remaining = remaining;
    } else if (resetAt === this.#resetAt) {
      // Answers arrive out of order: the smallest count left is the truest.
      this.#remaining = Math.min(this.#remaining ?? remaining, remaining);
    }
    if (report.limit !== undefined) this.#limit = report.limit;
    return true;
  }

  #delay(now: number): number {
    if (this.#resetAt <= now) {
      // The window we knew is over; until an answer tells us about the new one, the limit is all there is.
      if (this.#resetAt !== 0) {
        this.#resetAt = 0;
        this.#remaining = this.#limit;
      }
      return this.#remaining !== undefined && this.#pending >= this.#remaining ? 50 : 0;
    }
    const left = (this.#remaining ?? Number.POSITIVE_INFINITY) - this.#pending;
    if (left <= 0) return this.#resetAt - now;
    return this.#nextAt - now;
  }

  #spacing(now: number): number {
    if (this.#resetAt <= now || this.#remaining === undefined) return 0;
    // One more share than calls left, so the last of them leaves before the reset, not on it.
    const left = Math.max(1, this.#remaining - this.#pending);
    return (this.#resetAt - now) / (left + 1);
  }

  async #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    // Woken early by an answer or by the caller's abort; the caller's signal is forwarded by hand
    // because a listener added per wait is removed here, where AbortSignal.any's would linger.
    if (signal?.aborted) return;
    const wake = new AbortController();
    const forward = () => wake.abort();
    this.#waiting.add(wake);
    signal?.addEventListener("abort", forward, { once: true });
    try {
      await sleep(ms, wake.signal);
    } finally {
      this.#waiting.delete(wake);
      signal?.removeEventListener("abort", forward);
    }
  }
}
