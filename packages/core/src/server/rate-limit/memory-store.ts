import type { RateLimitDecision, RateLimitRule, RateLimitStore } from "./store.ts";

/** Options of `memoryRateLimitStore`. */
export interface MemoryRateLimitStoreOptions {
  /**
   * The most client keys held at once. Windows that have ended are swept first; if every key is
   * still in its window, the oldest is dropped (that client starts afresh), so a flood of distinct
   * addresses cannot grow memory without bound.
   * @default 10_000
   */
  maxKeys?: number;
}

/** A `RateLimitStore` in memory: it decides at once (no promise). */
export interface MemoryRateLimitStore extends RateLimitStore {
  /** Counts one request for `key` under `rule`, and says whether it may go on. */
  hit(key: string, rule: RateLimitRule): RateLimitDecision;
}

interface Window {
  /** When the window ends, in ms since the epoch. */
  readonly endsAt: number;
  count: number;
}

/**
 * A `RateLimitStore` in this process's memory: fixed windows per key, each starting at the key's
 * first request. The default of `createLeadHandler`'s `rateLimit`. Its counts are per isolate or
 * process: a Worker runs many isolates and a Node cluster many processes, each counting on its own,
 * so a client may get `requests` per window from each. Share one store (Cloudflare's Rate Limiting
 * binding, a Durable Object, Deno KV) to count across them.
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const { maxKeys = 10_000 } = options;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError("maxKeys must be a whole number >= 1");
  const windows = new Map<string, Window>();
  let nextSweep = 0;

  function sweep(now: number): void {
    for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
  }

  return {
    hit(key: string, rule: RateLimitRule): RateLimitDecision {
      const now = Date.now();
      const windowMs = rule.windowSeconds * 1000;
      // Ended windows go at least once a window, and whenever the map is full.
      if (now >= nextSweep || windows.size >= maxKeys) {
        sweep(now);
        nextSweep = now + windowMs;
      }
      let window = windows.get(key);
      if (!window || window.endsAt <= now) {
        windows.delete(key);
        // Maps keep insertion order: the first key is the oldest window.
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        window = { endsAt: now + windowMs, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= rule.requests) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)) };
      }
      window.count += 1;
      return { allowed: true };
    },
  };
}
