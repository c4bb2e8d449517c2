import type { IdempotencyTimes } from "@intercom-leads/core/server";
import type { Env } from "./env.ts";

/** The consumer's and the endpoint's tunables, from `[vars]`, checked. */
export interface Settings {
  readonly apiVersion: string | undefined;
  readonly concurrency: number;
  readonly reconcileWaitMs: number;
  readonly retryDelaySeconds: number;
  /** Claims on message ids: a lease longer than one delivery's work, kept while Queues may redeliver. */
  readonly messageTimes: IdempotencyTimes;
  /** Claims on enqueue keys (`Idempotency-Key` of `POST /imports/:id/leads`). */
  readonly enqueueTimes: IdempotencyTimes;
}

const DAY_MS = 86_400_000;

function whole(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min || number > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return number;
}

/** Reads the settings from the Worker's vars; a malformed one throws (a deployment mistake). */
export function settingsOf(env: Env): Settings {
  return {
    apiVersion: env.INTERCOM_API_VERSION || undefined,
    concurrency: whole(env.CONCURRENCY, "CONCURRENCY", 8, 1, 64),
    reconcileWaitMs: whole(env.RECONCILE_WAIT_MS, "RECONCILE_WAIT_MS", 30_000, 0, 600_000),
    retryDelaySeconds: whole(env.RETRY_DELAY_SECONDS, "RETRY_DELAY_SECONDS", 10, 0, 300),
    messageTimes: {
      // A consumer invocation may run up to 15 minutes of wall time, but a batch's creates take far less;
      // a claim outlives a crashed consumer by this much before a redelivery reconciles it.
      leaseMs: whole(env.CLAIM_LEASE_MS, "CLAIM_LEASE_MS", 120_000, 100, 900_000),
      // Queues keeps an unconsumed message at most 14 days: its id is remembered as long.
      retentionMs: 14 * DAY_MS,
    },
    enqueueTimes: { leaseMs: 30_000, retentionMs: DAY_MS },
  };
}
