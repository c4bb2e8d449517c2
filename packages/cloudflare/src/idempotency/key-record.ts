import type { IdempotencyClaim, IdempotencyTimes, StoredAnswer } from "@intercom-leads/core/server";

/**
 * What the object keeps for one idempotency key (times in ms since the epoch): `since`, when the key
 * was first claimed; `expiresAt`, when its retention ends.
 */
export type KeyRecord =
  | {
      readonly state: "held";
      readonly fingerprint: string;
      readonly since: number;
      readonly token: string;
      readonly leaseEndsAt: number;
      readonly expiresAt: number;
    }
  | { readonly state: "unconfirmed"; readonly fingerprint: string; readonly since: number; readonly expiresAt: number }
  | {
      readonly state: "completed";
      readonly fingerprint: string;
      readonly answer: StoredAnswer;
      readonly expiresAt: number;
    };

/** A step's outcome: the record to store (`null`: delete it, `undefined`: leave it) and what to answer. */
export interface Step<T> {
  readonly record?: KeyRecord | null;
  readonly result: T;
}

/** The record as it stands at `now`: past its retention it is gone. */
function live(record: KeyRecord | undefined, now: number): KeyRecord | undefined {
  return record && record.expiresAt > now ? record : undefined;
}

/**
 * `claim`, decided on the stored record. A free key is claimed plainly; a lease that ran out with no
 * outcome, or a release marked unconfirmed, is taken over with `unconfirmed: true` (the earlier create
 * may have stored the lead), but only by the same body: the lead it may have stored is that body's.
 * Otherwise the record says what holds the key.
 */
export function claimStep(
  stored: KeyRecord | undefined,
  fingerprint: string,
  times: IdempotencyTimes,
  now: number,
  token: string,
): Step<IdempotencyClaim> {
  const record = live(stored, now);
  if (record?.state === "completed") {
    return { result: { state: "completed", fingerprint: record.fingerprint, answer: record.answer } };
  }
  if (record?.state === "held" && record.leaseEndsAt > now) {
    return { result: { state: "in_flight", fingerprint: record.fingerprint, retryAfterMs: record.leaseEndsAt - now } };
  }
  if (record && record.fingerprint !== fingerprint) {
    return { result: { state: "unconfirmed", fingerprint: record.fingerprint } };
  }
  const since = record?.since ?? now;
  const leaseEndsAt = now + times.leaseMs;
  return {
    record: {
      state: "held",
      fingerprint,
      since,
      token,
      leaseEndsAt,
      // A lease longer than the retention must not lose its key while it still holds it.
      expiresAt: Math.max(leaseEndsAt, now + times.retentionMs),
    },
    result: { state: "claimed", token, unconfirmed: record !== undefined, since },
  };
}

/** Whether `token` holds the key right now (a taken-over or expired claim no longer does). */
function owns(record: KeyRecord | undefined, token: string, now: number): record is KeyRecord & { state: "held" } {
  return record?.state === "held" && record.token === token && record.expiresAt > now;
}

/** `complete`: the owner's answer, kept for the retention from now. */
export function completeStep(
  stored: KeyRecord | undefined,
  token: string,
  answer: StoredAnswer,
  times: IdempotencyTimes,
  now: number,
): Step<void> {
  if (!owns(stored, token, now)) return { result: undefined };
  const { fingerprint } = stored;
  return { record: { state: "completed", fingerprint, answer, expiresAt: now + times.retentionMs }, result: undefined };
}

/** `release`: the key is free again, or (unconfirmed) marked so that its next claim reconciles first. */
export function releaseStep(
  stored: KeyRecord | undefined,
  token: string,
  unconfirmed: boolean,
  times: IdempotencyTimes,
  now: number,
): Step<void> {
  if (!owns(stored, token, now)) return { result: undefined };
  if (!unconfirmed) return { record: null, result: undefined };
  const { fingerprint, since } = stored;
  return {
    record: { state: "unconfirmed", fingerprint, since, expiresAt: now + times.retentionMs },
    result: undefined,
  };
}
