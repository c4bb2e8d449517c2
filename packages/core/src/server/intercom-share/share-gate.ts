import { numberHeader } from "../../wire/number-header.ts";

/** Whether a create may go now, and if so the release to call once its answer is in. */
export type ShareAdmission =
  | { readonly allowed: true; release(): void }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** The share gate of `intercomShare`: it watches Intercom's rate headers and admits creates. */
export interface ShareGate {
  /** Reads `X-RateLimit-*` off an answer from Intercom. */
  observe(headers: Headers): void;
  /** Waits, if the window is not known yet, then says whether one more create fits in the share. */
  admit(): Promise<ShareAdmission>;
  /**
   * Without reserving anything: the seconds to wait when the known window has no room for one more
   * create now, else `undefined` (room, or the window unknown). Lets the handler refuse before it
   * spends the visitor's single-use verification token on a request that would get 503 anyway.
   */
  full(): number | undefined;
}

interface Window {
  limit: number;
  remaining: number;
  /** When Intercom resets it, in ms since the epoch (`X-RateLimit-Reset` is in seconds). */
  resetAt: number;
}

/**
 * Keeps the handler's creates within `share` of Intercom's rate window: one may go only while
 * `remaining - inFlight - 1 >= (1 - share) × limit`, `inFlight` counting creates this handler admitted
 * whose answers are not in. While the window is unknown (at start, or once its reset time has passed)
 * one create goes alone, as a probe, and the others wait for an answer that tells; so a burst at start
 * cannot overrun the share either. Loaded on first use: only handlers with `intercomShare` carry it.
 */
export function createShareGate(share: number): ShareGate {
  let window: Window | undefined;
  let inFlight = 0;
  // Resolved (and replaced) whenever a create ends: its answer's headers, if any, are in by then.
  let wake = () => {};
  let changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const signal = () => {
    wake();
    changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
  };
  const release = () => {
    inFlight -= 1;
    signal();
  };

  // Seconds until the window resets if one more create would overrun the share now; `undefined` if it fits
  // or the window is unknown.
  const wait = (now: number): number | undefined => {
    if (!window || now >= window.resetAt) return;
    if (window.remaining - inFlight - 1 >= (1 - share) * window.limit) return;
    return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
  };

  return {
    full: () => wait(Date.now()),
    observe(headers) {
      const limit = numberHeader(headers, "x-ratelimit-limit");
      const remaining = numberHeader(headers, "x-ratelimit-remaining");
      const reset = numberHeader(headers, "x-ratelimit-reset");
      if (limit === undefined || remaining === undefined || reset === undefined) return;
      const resetAt = reset * 1000;
      // Answers arrive out of order; within a window, the lowest `remaining` is the latest.
      if (!window || resetAt > window.resetAt) window = { limit, remaining, resetAt };
      else if (resetAt === window.resetAt) window.remaining = Math.min(window.remaining, remaining);
      // No wake-up here: the create whose answer this is still counts as in flight until its release,
      // and waiters woken now would count it twice.
    },
    async admit() {
      for (;;) {
        const now = Date.now();
        if (window && now < window.resetAt) {
          const retryAfterSeconds = wait(now);
          if (retryAfterSeconds !== undefined) return { allowed: false, retryAfterSeconds };
          inFlight += 1;
          return { allowed: true, release };
        }
        // Unknown: one probe, and only when nothing is in flight (their answers would tell).
        if (inFlight === 0) {
          inFlight += 1;
          return { allowed: true, release };
        }
        await changed;
      }
    },
  };
}
