import { IntercomConfigError } from "@intercom-leads/core";
import type { IdempotencyStore } from "@intercom-leads/core/server";
import type { IntercomIdempotencyStore } from "./idempotency-object.ts";

/**
 * An `IdempotencyStore` on Durable Objects, strongly consistent across every isolate and location:
 * for the lead handler's `idempotency.store`. `namespace` is the binding of the
 * `IntercomIdempotencyStore` class (`[[durable_objects.bindings]]` in wrangler.toml, with a migration
 * that creates the class). Each key gets an object of its own (`idFromName(key)`), so keys never wait on
 * one another and no object becomes a hot spot. Never use Workers KV for this: it is eventually
 * consistent, so two isolates could both claim one key and create the lead twice.
 *
 * @example
 * idempotency: { store: durableIdempotencyStore(env.IDEMPOTENCY) }
 */
export function durableIdempotencyStore<Store extends IntercomIdempotencyStore>(
  namespace: DurableObjectNamespace<Store>,
): IdempotencyStore {
  if (typeof namespace?.idFromName !== "function") {
    throw new IntercomConfigError(
      "durableIdempotencyStore needs a Durable Object namespace bound to the IntercomIdempotencyStore class",
    );
  }
  const object = (key: string) => namespace.get(namespace.idFromName(key));
  return {
    claim: (key, fingerprint, times) => object(key).claim(key, fingerprint, times),
    complete: (key, token, answer, times) => object(key).complete(key, token, answer, times),
    release: (key, token, unconfirmed, times) => object(key).release(key, token, unconfirmed, times),
  };
}
