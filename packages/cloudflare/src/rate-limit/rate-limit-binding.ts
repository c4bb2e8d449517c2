import { IntercomConfigError } from "@intercom-leads/core";
import type { RateLimitDecision, RateLimitRule, RateLimitStore } from "@intercom-leads/core/server";

/**
 * A Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml): what `RateLimit` in
 * `@cloudflare/workers-types` declares, so `env.LIMITER` fits as it is.
 */
export interface WorkersRateLimit {
  /** Counts one request for `key`; `success: false` once the key used up its limit for the period. */
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The binding's own configuration (`[ratelimits.simple]`), to be checked against the handler's rule. */
export interface RateLimitBindingOptions {
  /**
   * The binding's `simple.limit`. Given, a handler whose `rateLimit.requests` differs is refused (503
   * and an `IntercomConfigError` in `onError`) instead of silently enforcing the binding's number.
   * @default undefined (the handler's `requests` is trusted to match wrangler.toml)
   */
  limit?: number;
  /**
   * The binding's `simple.period` in seconds: 10 or 60, the only periods Cloudflare offers. Given, a handler
   * whose `rateLimit.windowSeconds` differs is refused the same way.
   * @default undefined (the handler's `windowSeconds`, which must then be 10 or 60)
   */
  period?: 10 | 60;
}

const PERIODS: readonly number[] = [10, 60];

/**
 * A `RateLimitStore` over Cloudflare's Workers Rate Limiting binding, for the lead handler's
 * `rateLimit.store`. The binding's limit and period live in wrangler.toml, not in the call: the
 * handler's `requests` and `windowSeconds` must be the same numbers (pass them here as `limit` and
 * `period` to have a mismatch refused). The binding does not say when its window ends, so a refusal's
 * `Retry-After` is the whole period. Its counts are per Cloudflare location and eventually consistent:
 * a limit to stop floods, not an exact quota.
 *
 * @example
 * rateLimit: { requests: 5, windowSeconds: 60, store: rateLimitBinding(env.LEAD_LIMITER, { limit: 5, period: 60 }) }
 */
export function rateLimitBinding(binding: WorkersRateLimit, options: RateLimitBindingOptions = {}): RateLimitStore {
  const { limit, period } = options;
  if (typeof binding?.limit !== "function")
    throw new IntercomConfigError("rateLimitBinding needs a Rate Limiting binding (env.<NAME> from [[ratelimits]])");
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0))
    throw new IntercomConfigError(`limit must be a positive integer, the binding's simple.limit, not ${limit}`);
  if (period !== undefined && !PERIODS.includes(period))
    throw new IntercomConfigError(`period must be 10 or 60, the binding's simple.period, not ${period}`);

  return {
    async hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
      const { requests, windowSeconds } = rule;
      if ((limit ?? requests) !== requests || (period ?? windowSeconds) !== windowSeconds) {
        throw new IntercomConfigError(
          `rateLimit is ${requests} per ${windowSeconds} s but the Rate Limiting binding is configured for ${limit ?? requests} per ${period ?? windowSeconds} s: make them the same`,
        );
      }
      if (!PERIODS.includes(windowSeconds)) {
        throw new IntercomConfigError(
          `rateLimit.windowSeconds must be 10 or 60 with a Rate Limiting binding (its only periods), not ${windowSeconds}`,
        );
      }
      const { success } = await binding.limit({ key });
      return success ? { allowed: true } : { allowed: false, retryAfterSeconds: windowSeconds };
    },
  };
}
