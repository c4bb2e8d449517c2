import { type RateReport, reportedWindow } from "@intercom-leads/core/governor";

/**
 * The governor object's answer to a request for a send slot: a lease on a slot that opens after
 * `waitMs`, or no slot yet (ask again after `retryMs`).
 */
export type SlotAnswer =
  | {
      /** Names the slot in `release` or `cancel`. */
      readonly lease: string;
      /** How long to wait before sending: slots are spread evenly over the window. */
      readonly waitMs: number;
    }
  | {
      /** How long to wait before asking again: the window is spent, or being learnt. */
      readonly retryMs: number;
    };

/** How often a caller asks again while one call finds out the window (a loopback round trip or two). */
export const PROBE_RETRY_MS = 20;

/**
 * The shared governor's book of one Intercom workspace's rate window, kept by the Durable Object: what
 * the window allows (learnt from the answers clients report), and the slots leased against it. It
 * does what core's `RateGovernor` does for one client, for every isolate at once, with two changes that
 * sharing asks for. A slot is reserved at a time rather than waited for inside the object, so every call
 * to the object is short and a caller that cannot reach it in time can fall back at once. And a window
 * nobody knows yet (the first one, and each one after a reset until an answer from it comes back) is
 * probed by one call at a time, because many isolates sending blind at once would overrun it.
 * Synchronous throughout: the object runs one call at a time, so each decision sees the last.
 */
export class SlotLedger {
  readonly #now: () => number;
  #limit: number | undefined;
  #remaining: number | undefined;
  /** When the current window resets (ms); 0 while unknown. */
  #resetAt = 0;
  /**
   * Intercom's `X-RateLimit-Reset` of the window last learnt: the window's name. Answers are told apart
   * by it, not by `#resetAt`, which each answer's `Date` correction moves by up to a second.
   */
  #window: number | undefined;
  /** The earliest time the next slot may open, for an even spread. */
  #nextAt = 0;
  /** When the last slot of this window opens. */
  #lastAt = 0;
  /** Some answer has come back: without rate-limit headers in it, there is nothing to pace by. */
  #answered = false;
  /** The lease of the call finding out a window nobody knows yet. */
  #probe: string | undefined;
  /** Leased slots, not yet released: lease → when it is taken back. They count against the window. */
  readonly #leases = new Map<string, number>();
  #serial = 0;

  /** @param now The clock, in ms since the epoch. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Leases a slot, `leaseMs` from its opening: a holder that never releases it loses it then. */
  acquire(leaseMs: number): SlotAnswer {
    const now = this.#now();
    this.#expire(now);
    if (this.#resetAt !== 0 && this.#resetAt <= now) {
      // The window we knew is over; the limit is all we know of the next one until an answer from it.
      this.#resetAt = 0;
      this.#remaining = this.#limit;
      this.#nextAt = 0;
      this.#lastAt = 0;
    }
    const pending = this.#leases.size;
    if (this.#resetAt === 0) {
      // Once answers come back with nothing to learn from (a proxy, a fake without limits), nothing paces, as core's.
      if (this.#remaining === undefined && this.#answered) return this.#lease(now, now, leaseMs);
      // Otherwise one probe at a time finds the window out. Calls still out from the last window do not hold
      // it back (their answers are from that window, most of them), but they count against the limit.
      const probing = this.#probe !== undefined && this.#leases.has(this.#probe);
      if (probing || pending >= (this.#remaining ?? 1)) return { retryMs: PROBE_RETRY_MS };
      const probe = this.#lease(now, now, leaseMs);
      this.#probe = probe.lease;
      return probe;
    }
    const left = (this.#remaining ?? Number.POSITIVE_INFINITY) - pending;
    if (left <= 0) return { retryMs: this.#resetAt - now };
    // No later than a share before the reset: a slot given back (`cancel`) is used in this window,
    // between the last slot and the reset, not pushed onto the reset.
    const after = Math.max(now, this.#lastAt);
    const at = Math.max(now, Math.min(this.#nextAt, this.#resetAt - (this.#resetAt - after) / (left + 1)));
    // One more share than slots left after this one, so the last of them opens before the reset, not on it.
    this.#nextAt = at + (this.#resetAt - at) / left;
    this.#lastAt = at;
    return this.#lease(now, at, leaseMs);
  }

  /** Counts a leased call as answered, learning the window from its report (none: no answer came). */
  release(lease: string, report: RateReport | undefined): void {
    const held = this.#leases.delete(lease);
    const now = this.#now();
    if (report) this.#answered = true;
    const learned = report ? this.#learn(report, now) : false;
    // A timeout or a lost connection says nothing, but Intercom may have counted the call. A lease
    // already taken back was counted then.
    if (!learned && held && this.#remaining !== undefined) this.#remaining = Math.max(0, this.#remaining - 1);
  }

  /** Gives back a slot that was never used (its caller gave up before sending): nothing was counted. */
  cancel(lease: string): void {
    this.#leases.delete(lease);
  }

  /** Slots leased and not yet released, for tests and monitoring. */
  get pending(): number {
    return this.#leases.size;
  }

  #lease(now: number, at: number, leaseMs: number): { readonly lease: string; readonly waitMs: number } {
    const lease = `${now.toString(36)}.${(this.#serial++).toString(36)}`;
    this.#leases.set(lease, at + leaseMs);
    return { lease, waitMs: at - now };
  }

  /** Takes back the leases of holders that never said how their call went (an isolate that died). */
  #expire(now: number): void {
    for (const [lease, until] of this.#leases) {
      if (until > now) continue;
      this.#leases.delete(lease);
      // It may have been sent and counted: assume so, as for a call that got no answer.
      if (this.#remaining !== undefined) this.#remaining = Math.max(0, this.#remaining - 1);
    }
  }

  /** Learns the window from a report; `false` when it carried nothing to learn from (as core's governor). */
  #learn(report: RateReport, now: number): boolean {
    // The same reading of an answer as core's RateGovernor: the reset on our clock, 0 left after a 429.
    const window = reportedWindow(report, now);
    if (!window) return false;
    const { resetAt, remaining } = window;
    if (report.limit !== undefined) this.#limit = report.limit;
    // An answer from a window that is over by now tells nothing about the current one.
    if (resetAt <= now) return true;
    const { reset } = report;
    // Which window the answer is from, against the one we know: by Intercom's own reset when both have
    // one (a corrected end differs from answer to answer of one window), otherwise by when they end.
    const order =
      reset !== undefined && this.#window !== undefined
        ? reset - this.#window
        : this.#resetAt === 0
          ? 1
          : resetAt - this.#resetAt;
    if (order > 0) {
      this.#resetAt = resetAt;
      this.#remaining = remaining;
      this.#window = reset;
    } else if (order === 0) {
      // Answers arrive out of order: the smallest count left is the truest, and the latest end the safest.
      this.#resetAt = Math.max(this.#resetAt, resetAt);
      this.#remaining = Math.min(this.#remaining ?? remaining, remaining);
    } else if (reset === undefined && report.status === 429) {
      // A 429 with only Retry-After, ending before the window we know: that window is spent.
      this.#remaining = 0;
    }
    return true;
  }
}
