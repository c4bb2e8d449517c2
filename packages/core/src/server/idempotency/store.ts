/** The answer the handler gave to a key's first request, kept to be given again. */
export interface StoredAnswer {
  /** HTTP status. */
  readonly status: number;
  /** The body, as sent. */
  readonly body: string;
  /** Headers worth replaying (`content-type`, `retry-after`…); CORS headers are the handler's own. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What `claim` found:
 * - `claimed`: the caller owns the key (`token` proves it) and must `complete` or `release` it.
 *   `unconfirmed: true` when an earlier owner's create may have stored the lead (it ended with
 *   `maybeCreated`, or its lease ran out with no outcome): look the lead up before creating it.
 *   `since` is when the key was first claimed (Unix ms), kept through takeovers: a lead created
 *   before it is not this key's.
 * - `completed`: an answer is stored for the key; `fingerprint` is the body it answered.
 * - `in_flight`: another request holds the key, its lease ends in `retryAfterMs`.
 * - `unconfirmed`: the key is unconfirmed (or its lease ran out) for another body, `fingerprint`:
 *   only a claim with the same fingerprint takes it over, so this one was not claimed.
 */
export type IdempotencyClaim =
  | { readonly state: "claimed"; readonly token: string; readonly unconfirmed: boolean; readonly since: number }
  | { readonly state: "completed"; readonly fingerprint: string; readonly answer: StoredAnswer }
  | { readonly state: "in_flight"; readonly fingerprint: string; readonly retryAfterMs: number }
  | { readonly state: "unconfirmed"; readonly fingerprint: string };

/** How long a claim holds a key, and how long a key is remembered. */
export interface IdempotencyTimes {
  /** How long a claim holds the key without an outcome before another request may take it over (ms). */
  readonly leaseMs: number;
  /** How long a key is remembered after its claim or outcome (ms). */
  readonly retentionMs: number;
}

/**
 * Where the lead proxy keeps idempotency keys. Every operation on one key must be atomic
 * (strongly consistent): an in-memory map for one isolate, a Durable Object, Deno KV's atomic
 * checks. Workers KV is eventually consistent: two isolates could both claim a key, so it must not be used.
 */
export interface IdempotencyStore {
  /**
   * Atomically: if the key is free (never seen, or expired), claim it for `fingerprint` (the request
   * body's digest). If it is held by a claim whose lease ran out, or marked unconfirmed, claim it
   * (`unconfirmed: true`, the first claim's `since`) when `fingerprint` is the key's own, else answer
   * `unconfirmed`. Otherwise say what holds it. Of many concurrent claims of a free key, exactly one
   * is `claimed`.
   */
  claim(key: string, fingerprint: string, times: IdempotencyTimes): Promise<IdempotencyClaim>;
  /** Stores the key's answer (only if `token` still owns it), kept for `times.retentionMs`. */
  complete(key: string, token: string, answer: StoredAnswer, times: IdempotencyTimes): Promise<void>;
  /**
   * Gives the key up (only if `token` still owns it). `unconfirmed: false`: the create surely stored
   * nothing (refused, 429), so the key is free again. `unconfirmed: true`: it may have stored the lead,
   * so the next claim gets `unconfirmed: true` and reconciles first. The store takes the flag as given:
   * the handler passes `true` again when its own claim was unconfirmed (nothing it learned clears that).
   */
  release(key: string, token: string, unconfirmed: boolean, times: IdempotencyTimes): Promise<void>;
}
