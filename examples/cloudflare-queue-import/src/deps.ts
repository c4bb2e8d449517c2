import { type DurableGovernor, durableGovernor, durableIdempotencyStore } from "@intercom-leads/cloudflare";
import { type ApiVersion, createIntercom, type IntercomClient } from "@intercom-leads/core";
import type { IdempotencyStore } from "@intercom-leads/core/server";
import type { Env } from "./env.ts";
import { type Settings, settingsOf } from "./settings.ts";

/** What one isolate builds once from its bindings: the client, the store, the settings. */
export interface Deps {
  readonly client: IntercomClient<ApiVersion>;
  /** The shared governor: its reports to the object must arrive before an invocation ends (`settled()`). */
  readonly governor: DurableGovernor;
  readonly store: IdempotencyStore;
  readonly settings: Settings;
}

/** How the Worker gets its idempotency store; replaceable for tests that simulate a crash mid-batch. */
export type StoreFactory = (env: Env) => IdempotencyStore;

/** The Durable Object store every isolate shares (`IntercomIdempotencyStore`). */
export const durableStore: StoreFactory = (env) => durableIdempotencyStore(env.IDEMPOTENCY);

/**
 * The client paces itself with the Durable Object governor (`IntercomRateGovernor`): every consumer
 * invocation, in whatever isolate, asks the one object for send slots, so concurrent batches share
 * Intercom's window instead of racing for it. Should that object be unreachable, the client falls back to
 * its own governor (and says so through an event), so a create never fails because of it.
 */
export function buildDeps(env: Env, store: StoreFactory): Deps {
  const settings = settingsOf(env);
  const governor = durableGovernor(env.INTERCOM_GOVERNOR, {
    onEvent: (event) =>
      console.warn(`Rate governor: ${event.type}`, event.type === "governor_fallback" ? event.error : ""),
  });
  const client = createIntercom({
    token: env.INTERCOM_TOKEN,
    region: env.INTERCOM_REGION || undefined,
    baseUrl: env.INTERCOM_BASE_URL || undefined,
    apiVersion: settings.apiVersion as ApiVersion | undefined,
    governor,
  }) as IntercomClient<ApiVersion>;
  return { client, governor, store: store(env), settings };
}
