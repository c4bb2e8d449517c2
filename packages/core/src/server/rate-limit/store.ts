/** How many requests one client may make, and per how long. */
export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly requests: number;
  /** The window's length, in seconds. */
  readonly windowSeconds: number;
}

/** What a rate-limit store decided about one request. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts requests per client key. `memoryRateLimitStore()` (one isolate or process) is the default;
 * `@intercom-leads/cloudflare` has one over Cloudflare's Rate Limiting binding, and a Durable Object
 * or Deno KV store fits the same shape. A store that throws fails the request closed (503).
 */
export interface RateLimitStore {
  /** Counts one request for `key` under `rule`, and says whether it may go on. */
  hit(key: string, rule: RateLimitRule): RateLimitDecision | Promise<RateLimitDecision>;
}
