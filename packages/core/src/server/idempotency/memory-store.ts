import { claimStep, completeStep, type KeyRecord, type KeyStep, releaseStep } from "./key-record.ts";
import type { IdempotencyStore, IdempotencyTimes } from "./store.ts";

/** Options of `memoryIdempotencyStore`. */
export interface MemoryIdempotencyStoreOptions {
  /**
   * The clock, in milliseconds since the epoch: inject one to let leases and retention run out in tests.
   * @default () => Date.now()
   */
  now?: () => number;
}

/** The in-memory store, with how many keys it holds (for a gauge, or a test that it stays bounded). */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** Keys held now, swept ones excluded. */
  readonly size: number;
}

/**
 * Idempotency keys in this isolate's (or process's) memory: the handler's default. Each operation
 * runs to its end before another starts, so claims are atomic, but only within this one isolate:
 * a Worker runs many isolates and a Node app may run many processes, and a resend that reaches
 * another one is not recognised. Use a Durable Object (`@intercom-leads/cloudflare`) or Deno KV
 * (`denoKvIdempotencyStore`) store where requests are spread. Keys past their retention are swept as
 * new ones arrive, so memory holds the keys of one retention window.
 *
 * @example
 * createLeadHandler({ token, allowedOrigins, idempotency: { store: memoryIdempotencyStore() } });
 */
export function memoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): MemoryIdempotencyStore {
  const now = options.now ?? Date.now;
  // Insertion order is write order (every write moves its key to the end), so the oldest writes,
  // which expire first under one retention, sit at the front.
  const records = new Map<string, KeyRecord>();
  let wholeSweepAt = 0;
  const sweep = (at: number, times: IdempotencyTimes): void => {
    // The front on every claim, where expired keys gather; the whole map once a lease time, for keys
    // stuck behind a longer-lived one (retentions may differ between calls).
    const whole = at >= wholeSweepAt;
    if (whole) wholeSweepAt = at + times.leaseMs;
    for (const [key, record] of records) {
      if (record.expiresAt <= at) records.delete(key);
      else if (!whole) break;
    }
  };
  const apply = <T>(key: string, decide: (record: KeyRecord | undefined, at: number) => KeyStep<T>): T => {
    const at = now();
    const { record, result } = decide(records.get(key), at);
    if (record !== undefined) records.delete(key);
    if (record) records.set(key, record);
    return result;
  };
  return {
    get size() {
      return records.size;
    },
    async claim(key, fingerprint, times) {
      sweep(now(), times);
      return apply(key, (record, at) => claimStep(record, fingerprint, times, at, crypto.randomUUID()));
    },
    async complete(key, token, answer, times) {
      apply(key, (record, at) => completeStep(record, token, answer, times, at));
    },
    async release(key, token, unconfirmed, times) {
      apply(key, (record, at) => releaseStep(record, token, unconfirmed, times, at));
    },
  };
}
