import type { FakeRateLimit } from "./types.ts";

/** Where a request left the current window. */
export interface RateWindowHit {
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests still allowed in this window after this one; never negative. */
  readonly remaining: number;
  /** Unix seconds (rounded up) when the window ends, as Intercom's `X-RateLimit-Reset`. */
  readonly resetSeconds: number;
  /** Whether this request went over the limit. */
  readonly exceeded: boolean;
}

/**
 * Fixed windows aligned on multiples of `windowMs`, not a sliding log: Intercom resets its
 * counters at window boundaries, and clients that wait for `X-RateLimit-Reset` rely on that.
 */
export class RateWindow {
  readonly #limit: number;
  readonly #windowMs: number;
  #windowStart: number = Number.NaN;
  #count: number = 0;

  constructor(options: FakeRateLimit) {
    if (!Number.isInteger(options.limit) || options.limit < 0) {
      throw new RangeError(`rateLimit.limit must be a whole number >= 0, got ${String(options.limit)}`);
    }
    if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) {
      throw new RangeError(`rateLimit.windowMs must be a number > 0, got ${String(options.windowMs)}`);
    }
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
  }

  /** The limit, for error messages. */
  get limit(): number {
    return this.#limit;
  }

  /** Intercom names the window in its message ("in 10_seconds"); whole seconds read best that way. */
  get windowLabel(): string {
    return this.#windowMs % 1000 === 0 ? `${this.#windowMs / 1000}_seconds` : `${this.#windowMs}_milliseconds`;
  }

  /** Counts one request at `nowMs`; rejected requests count too, as they do at Intercom. */
  hit(nowMs: number): RateWindowHit {
    const start = Math.floor(nowMs / this.#windowMs) * this.#windowMs;
    if (start !== this.#windowStart) {
      this.#windowStart = start;
      this.#count = 0;
    }
    this.#count += 1;
    return {
      limit: this.#limit,
      remaining: Math.max(0, this.#limit - this.#count),
      resetSeconds: Math.ceil((start + this.#windowMs) / 1000),
      exceeded: this.#count > this.#limit,
    };
  }

  /** Starts afresh, as if no request had been made. */
  clear(): void {
    this.#windowStart = Number.NaN;
    this.#count = 0;
  }
}
