/**
 * `@intercom-leads/core/server`: the route that holds the Intercom token so browsers can create leads.
 * @module
 */
export type { FetchHandler } from "../types/fetch-handler.ts";
export { DEFAULT_FIELDS } from "./allowlist.ts";
export { createLeadHandler } from "./create-lead-handler.ts";
export type { LeadEventListener, LeadHandlerEvent, LeadRefusalReason } from "./events.ts";
export {
  type DenoKvAtomic,
  type DenoKvIdempotencyStoreOptions,
  type DenoKvKey,
  type DenoKvLike,
  denoKvIdempotencyStore,
} from "./idempotency/deno-kv-store.ts";
/**
 * For store authors (a Durable Object, Redis…): the record one key keeps and the pure decisions
 * behind `claim`, `complete` and `release`, so a new store only supplies the atomic read and write.
 */
export {
  claimStep,
  completeStep,
  type KeyRecord,
  type KeyStep,
  releaseStep,
} from "./idempotency/key-record.ts";
export {
  type MemoryIdempotencyStore,
  type MemoryIdempotencyStoreOptions,
  memoryIdempotencyStore,
} from "./idempotency/memory-store.ts";
export type { LeadIdempotencyOptions } from "./idempotency/options.ts";
export type { IdempotencyClaim, IdempotencyStore, IdempotencyTimes, StoredAnswer } from "./idempotency/store.ts";
export type { BeforeCreateResult, LeadHandlerOptions, LeadResponseView, RateLimitOptions } from "./options.ts";
export { type ClientAddressOptions, clientAddress } from "./rate-limit/client-address.ts";
export {
  type MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  memoryRateLimitStore,
} from "./rate-limit/memory-store.ts";
export type { RateLimitDecision, RateLimitRule, RateLimitStore } from "./rate-limit/store.ts";
export { TURNSTILE_SITEVERIFY_URL, type TurnstileOptions, turnstile } from "./verification/turnstile.ts";
export type { Verifier } from "./verification/verifier.ts";
