/**
 * `@intercom-leads/cloudflare`: what the lead proxy and the client use on Cloudflare Workers.
 * @module
 */

export type { RateReport } from "@intercom-leads/core/governor";
export {
  type DurableGovernor,
  type DurableGovernorOptions,
  durableGovernor,
  type GovernorEvent,
} from "./governor/durable-governor.ts";
export { IntercomRateGovernor } from "./governor/intercom-rate-governor.ts";
export type { SlotAnswer } from "./governor/slot-ledger.ts";
export { durableIdempotencyStore } from "./idempotency/durable-idempotency-store.ts";
export { IntercomIdempotencyStore } from "./idempotency/idempotency-object.ts";
export {
  type RateLimitBindingOptions,
  rateLimitBinding,
  type WorkersRateLimit,
} from "./rate-limit/rate-limit-binding.ts";
