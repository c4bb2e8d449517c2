import { IntercomConfigError } from "../../errors/intercom-config-error.ts";
import type { ReconcileOptions } from "../../types/options.ts";
import type { IdempotencyStore, IdempotencyTimes } from "./store.ts";

/** The handler's `idempotency` option: how `Idempotency-Key` requests are answered once. */
export interface LeadIdempotencyOptions {
  /**
   * Where keys are kept. The default lives in this isolate's memory, so a resend that reaches
   * another isolate or process is not recognised: on Workers use the Durable Object store of
   * `@intercom-leads/cloudflare`, on Deno `denoKvIdempotencyStore`. Never Workers KV (eventually
   * consistent: two isolates could both claim a key).
   * @default memoryIdempotencyStore(), one per handler
   */
  store?: IdempotencyStore;
  /**
   * How long a key and its answer are remembered, in seconds, from its last use. A resend after
   * that is a new request.
   * @default 86_400 (24 hours, as Stripe keeps keys)
   */
  retentionSeconds?: number;
  /**
   * How long a request holds its key without an outcome, in seconds, before a resend may take
   * it over (a crashed isolate's claim). The taken-over attempt may have created the lead, so
   * the resend looks it up by email first. Longer than a create with its reconcile can take.
   * @default 60
   */
  leaseSeconds?: number;
  /**
   * How long a request whose key is held by another, still running, waits for that one's answer
   * (then answers with it) before giving up with 409 `idempotency_key_in_use` and `Retry-After`.
   * `0` answers 409 at once.
   * @default 10
   */
  waitSeconds?: number;
  /**
   * How the lead is looked up by email when an earlier attempt with the key may have created it.
   * @default {} (looks for 30 s, the first pause 250 ms)
   */
  reconcile?: Omit<ReconcileOptions, "lookupFirst">;
}

/** The `idempotency` option, checked, with its defaults. */
export interface IdempotencySettings {
  readonly store: IdempotencyStore | undefined;
  readonly times: IdempotencyTimes;
  readonly waitMs: number;
  readonly reconcile: ReconcileOptions;
}

function seconds(value: number | undefined, name: string, fallback: number, least: number): number {
  if (value === undefined) return fallback * 1000;
  if (typeof value !== "number" || !Number.isFinite(value) || value < least)
    throw new IntercomConfigError(`idempotency.${name} must be a number of seconds, at least ${least}`);
  return value * 1000;
}

/** Checks the option when the handler is created; `undefined` when keys are not honoured (`false`). */
export function idempotencySettings(
  option: LeadIdempotencyOptions | false | undefined,
): IdempotencySettings | undefined {
  if (option === false) return;
  if (typeof option !== "object" || option === null)
    throw new IntercomConfigError("idempotency must be an object such as { store } or false");
  const { store, reconcile = {} } = option;
  if (store !== undefined && typeof store?.claim !== "function")
    throw new IntercomConfigError("idempotency.store must be an IdempotencyStore (claim, complete, release)");
  const leaseMs = seconds(option.leaseSeconds, "leaseSeconds", 60, 1);
  const retentionMs = seconds(option.retentionSeconds, "retentionSeconds", 86_400, 1);
  if (retentionMs < leaseMs)
    throw new IntercomConfigError("idempotency.retentionSeconds must be at least leaseSeconds");
  return {
    store,
    times: { leaseMs, retentionMs },
    waitMs: seconds(option.waitSeconds, "waitSeconds", 10, 0),
    reconcile,
  };
}
