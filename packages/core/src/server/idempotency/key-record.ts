import type { IdempotencyClaim, IdempotencyTimes, StoredAnswer } from "./store.ts";

/**
 * What a store keeps for one key. `since` is when the key was first claimed (kept through
 * takeovers), `expiresAt` when it is forgotten (both ms since the epoch).
 *
 * For store authors (a Durable Object, Redis…): keep this record per key, and decide each
 * `IdempotencyStore` call with `claimStep`, `completeStep` or `releaseStep` inside one atomic
 * read-decide-write, so every store answers exactly as the memory and Deno KV stores do.
 */
export type KeyRecord =
  | {
      readonly state: "held";
      readonly fingerprint: string;
      readonly token: string;
      readonly leaseEndsAt: number;
      readonly since: number;
      readonly expiresAt: number;
    }
  | { readonly state: "unconfirmed"; readonly fingerprint: string; readonly since: number; readonly expiresAt: number }
  | {
      readonly state: "completed";
      readonly fingerprint: string;
      readonly answer: StoredAnswer;
      readonly expiresAt: number;
    };

/** One operation decided on the stored record: what to store (`null`: delete, `undefined`: leave it), what to answer. */
export interface KeyStep<T> {
  readonly record?: KeyRecord | null;
  readonly result: T;
}

function live(record: KeyRecord | undefined, now: number): KeyRecord | undefined {
  return record && record.expiresAt > now ? record : undefined;
}

/**
 * `claim`, decided on the record as it stands at `now`; `token` is the new claim's, if it gets one.
 * A free key is claimed plainly; a lease that ran out with no outcome, or a release marked
 * unconfirmed, is taken over with `unconfirmed: true` (the earlier create may have stored the lead),
 * but only by the same body. Otherwise the record says what holds the key.
 */
export function claimStep(
  stored: KeyRecord | undefined,
  fingerprint: string,
  times: IdempotencyTimes,
  now: number,
  token: string,
): KeyStep<IdempotencyClaim> {
  const record = live(stored, now);
  if (record?.state === "completed")
    return { result: { state: "completed", fingerprint: record.fingerprint, answer: record.answer } };
  if (record?.state === "held" && record.leaseEndsAt > now)
    return { result: { state: "in_flight", fingerprint: record.fingerprint, retryAfterMs: record.leaseEndsAt - now } };
  // What is left may have stored a lead for its own body: another body must not take it over.
  if (record && record.fingerprint !== fingerprint)
    return { result: { state: "unconfirmed", fingerprint: record.fingerprint } };
  const since = record ? record.since : now;
  const leaseEndsAt = now + times.leaseMs;
  return {
    record: {
      state: "held",
      fingerprint,
      token,
      leaseEndsAt,
      since,
      expiresAt: Math.max(leaseEndsAt, now + times.retentionMs),
    },
    result: { state: "claimed", token, unconfirmed: record !== undefined, since },
  };
}

// A lease that ran out still owns the key until another claim takes it over: its answer is real.
function owned(record: KeyRecord | undefined, token: string, now: number): (KeyRecord & { state: "held" }) | undefined {
  return record?.state === "held" && record.token === token && record.expiresAt > now ? record : undefined;
}

/** `complete`: the owner's answer, kept for the retention from now. */
export function completeStep(
  stored: KeyRecord | undefined,
  token: string,
  answer: StoredAnswer,
  times: IdempotencyTimes,
  now: number,
): KeyStep<void> {
  const record = owned(stored, token, now);
  if (!record) return { result: undefined };
  const { fingerprint } = record;
  return { record: { state: "completed", fingerprint, answer, expiresAt: now + times.retentionMs }, result: undefined };
}

/** `release`: the key free again, or marked unconfirmed so that its next claim looks the lead up first. */
export function releaseStep(
  stored: KeyRecord | undefined,
  token: string,
  unconfirmed: boolean,
  times: IdempotencyTimes,
  now: number,
): KeyStep<void> {
  const record = owned(stored, token, now);
  if (!record) return { result: undefined };
  if (!unconfirmed) return { record: null, result: undefined };
  const { fingerprint, since } = record;
  return {
    record: { state: "unconfirmed", fingerprint, since, expiresAt: now + times.retentionMs },
    result: undefined,
  };
}
