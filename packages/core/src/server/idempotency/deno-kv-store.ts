import { IntercomError } from "../../errors/intercom-error.ts";
import { claimStep, completeStep, type KeyRecord, type KeyStep, releaseStep } from "./key-record.ts";
import type { IdempotencyStore } from "./store.ts";

/** A Deno KV key, as `denoKvIdempotencyStore` builds them: its prefix, then the idempotency key. */
export type DenoKvKey = readonly string[];

/** The part of `Deno.AtomicOperation` the store uses. */
export interface DenoKvAtomic {
  check(...checks: { key: DenoKvKey; versionstamp: string | null }[]): DenoKvAtomic;
  set(key: DenoKvKey, value: unknown, options?: { expireIn?: number }): DenoKvAtomic;
  delete(key: DenoKvKey): DenoKvAtomic;
  commit(): Promise<{ ok: boolean }>;
}

/** The part of `Deno.Kv` the store uses: a `Deno.Kv` fits it, and core needs no Deno types. */
export interface DenoKvLike {
  get(key: DenoKvKey): Promise<{ value: unknown; versionstamp: string | null }>;
  atomic(): DenoKvAtomic;
}

/** Options of `denoKvIdempotencyStore`. */
export interface DenoKvIdempotencyStoreOptions {
  /**
   * The key prefix the store writes under, so it can share a database.
   * @default ["intercom-leads", "idempotency"]
   */
  prefix?: DenoKvKey;
  /**
   * The clock, in milliseconds since the epoch. Retention is decided on it (KV's `expireIn` only
   * frees the space, some time after).
   * @default () => Date.now()
   */
  now?: () => number;
}

// Each lost race means another request changed the key; this many in a row means something is wrong.
const MAX_ATTEMPTS = 64;

/**
 * Idempotency keys in Deno KV (`Deno.openKv()`; Deno needs `--unstable-kv`, Deno Deploy has it on),
 * shared by every isolate that opens the same database. Each operation reads the key and writes it
 * back in an atomic operation checked against the versionstamp it read, retrying when another
 * request wrote in between: of concurrent claims of one key, exactly one succeeds. Records expire
 * with `expireIn` after their retention. A value is at most 64 KiB in Deno KV: an answer larger than
 * that is not kept, and a resend of its key looks the lead up instead.
 *
 * @example
 * const kv = await Deno.openKv();
 * Deno.serve(createLeadHandler({ token, allowedOrigins, idempotency: { store: denoKvIdempotencyStore(kv) } }));
 */
export function denoKvIdempotencyStore(kv: DenoKvLike, options: DenoKvIdempotencyStoreOptions = {}): IdempotencyStore {
  const { prefix = ["intercom-leads", "idempotency"], now = Date.now } = options;
  const apply = async <T>(
    key: string,
    decide: (record: KeyRecord | undefined, at: number) => KeyStep<T>,
  ): Promise<T> => {
    const path = [...prefix, key];
    for (let attempt = 1; ; attempt++) {
      const entry = await kv.get(path);
      const at = now();
      const { record, result } = decide((entry.value ?? undefined) as KeyRecord | undefined, at);
      if (record === undefined) return result;
      const operation = kv.atomic().check({ key: path, versionstamp: entry.versionstamp });
      if (record === null) operation.delete(path);
      else operation.set(path, record, { expireIn: Math.max(1, Math.ceil(record.expiresAt - at)) });
      if ((await operation.commit()).ok) return result;
      if (attempt >= MAX_ATTEMPTS)
        throw new IntercomError(`Deno KV: ${MAX_ATTEMPTS} conflicting writes in a row on one idempotency key`);
    }
  };
  return {
    claim: (key, fingerprint, times) =>
      apply(key, (record, at) => claimStep(record, fingerprint, times, at, crypto.randomUUID())),
    complete: (key, token, answer, times) => apply(key, (record, at) => completeStep(record, token, answer, times, at)),
    release: (key, token, unconfirmed, times) =>
      apply(key, (record, at) => releaseStep(record, token, unconfirmed, times, at)),
  };
}
