import type { AnyIntercomClient } from "../../client/create-intercom.ts";
import { isIntercomError } from "../../errors/type-guards.ts";
import { sleep } from "../../time/sleep.ts";
import { REPLAYED_HEADER } from "../exposed-headers.ts";
import type { PendingEvent } from "../handler-events.ts";
import { fail } from "../responses.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { memoryIdempotencyStore } from "./memory-store.ts";
import type { IdempotencySettings } from "./options.ts";
import type { IdempotencyClaim, IdempotencyStore, StoredAnswer } from "./store.ts";

/**
 * What the key decided before anything else ran: an answer and its event (given again, a refused
 * key, or a lead that may exist and cannot be looked up), or an attempt that owns the key.
 */
export type GateOutcome =
  | { readonly kind: "answer"; readonly response: Response; readonly event: PendingEvent }
  | { readonly kind: "attempt"; readonly attempt: IdempotentAttempt };

/** A request that owns its key: it creates through `createLead`, and `settle`s its answer. */
export interface IdempotentAttempt {
  /** The create, looking the lead up first when an earlier attempt with the key may have stored it. */
  createLead(client: AnyIntercomClient, input: Record<string, unknown>): Promise<unknown>;
  /**
   * Stores the answer (a success or a refusal of the input: 2xx, 422) to be given again, or
   * releases the key for a retry: unconfirmed when the lead may exist. Resolves with the answer to send.
   */
  settle(response: Response): Promise<Response>;
}

// Headers that belong to one exchange, not to the answer: the handler adds its own CORS headers.
const NOT_REPLAYED = /^(access-control-|vary$|content-length$|date$|set-cookie$)/;
// Polling a held key: from this, doubling, up to the cap, until `waitMs` runs out.
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 1000;
// However long the holder's lease, a client told to come back sooner finds most first attempts done.
const MAX_RETRY_AFTER_SECONDS = 5;

/** The gate of one handler: its store (the default made once, here) and its settings. */
export function createGate(
  settings: IdempotencySettings,
): (
  key: string,
  input: Record<string, unknown>,
  cors: Record<string, string>,
  signal: AbortSignal,
) => Promise<GateOutcome> {
  const store: IdempotencyStore = settings.store ?? memoryIdempotencyStore();
  const { times, waitMs } = settings;

  return async (key, input, cors, signal) => {
    // The handler's CORS headers expose Retry-After and Idempotent-Replayed.
    const headers = cors;
    const refuse = (status: number, code: string, message: string, extra?: Record<string, string>): GateOutcome => ({
      kind: "answer",
      response: fail(status, code, message, { ...headers, ...extra }),
      event: { type: "refused", reason: "idempotency", status },
    });
    if (!/^[\x21-\x7e]{1,255}$/.test(key))
      return refuse(400, "idempotency_key_invalid", "An Idempotency-Key is 1 to 255 visible ASCII characters");
    const fingerprint = await fingerprintOf(input);
    let claim: IdempotencyClaim;
    try {
      const deadline = Date.now() + waitMs;
      for (let pause = FIRST_POLL_MS; ; pause = Math.min(2 * pause, MAX_POLL_MS)) {
        claim = await store.claim(key, fingerprint, times);
        if (claim.state !== "in_flight" || claim.fingerprint !== fingerprint) break;
        const left = deadline - Date.now();
        if (left <= 0 || signal.aborted) {
          const seconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(claim.retryAfterMs / 1000)));
          return refuse(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still running", {
            "retry-after": String(seconds),
          });
        }
        // The first request's answer is on its way: wait for it rather than send the browser away.
        await sleep(Math.min(pause, left, claim.retryAfterMs), signal);
      }
    } catch {
      // Without the store nothing says whether this key already created its lead: refuse rather than risk it.
      return refuse(503, "idempotency_unavailable", "Leads cannot be created right now", { "retry-after": "1" });
    }
    if (claim.state !== "claimed") {
      if (claim.fingerprint !== fingerprint)
        return refuse(422, "idempotency_key_reused", "This Idempotency-Key was sent with another lead");
      if (claim.state === "completed")
        return {
          kind: "answer",
          response: replay(claim.answer, headers),
          event: { type: "replayed", status: claim.answer.status },
        };
    }
    // Narrowed by hand: the branches above return every other state.
    const { token, unconfirmed, since } = claim as IdempotencyClaim & { state: "claimed" };
    const release = (maybeCreated: boolean): Promise<void> =>
      store.release(key, token, unconfirmed || maybeCreated, times).catch(() => undefined);
    if (unconfirmed && !(typeof input.email === "string" && input.email)) {
      // An earlier attempt may have created the lead, and without an email it cannot be found: resending could double it.
      await release(true);
      return {
        kind: "answer",
        response: fail(502, "upstream_unconfirmed", "The lead may have been created; do not send it again", headers, {
          maybe_created: true,
        }),
        event: { type: "upstream_error", status: 502, code: "upstream_unconfirmed", maybeCreated: true },
      };
    }
    // Whether the create may have stored the lead: what `settle` marks the key with when it keeps no answer.
    let maybeCreated = false;
    return {
      kind: "attempt",
      attempt: {
        async createLead(client, lead) {
          try {
            const created = await client.createLead(
              lead as never,
              unconfirmed ? { reconcile: { ...settings.reconcile, lookupFirst: since } } : undefined,
            );
            maybeCreated = true; // it exists: whatever fails after this must not let a resend create it again
            return created;
          } catch (error) {
            maybeCreated = isIntercomError(error) && error.maybeCreated;
            throw error;
          }
        },
        async settle(response) {
          const body = await response.text();
          const { status } = response;
          if ((status >= 200 && status < 300) || status === 422) {
            const kept: Record<string, string> = {};
            response.headers.forEach((value, name) => {
              if (!NOT_REPLAYED.test(name)) kept[name] = value;
            });
            // A store that fails here leaves the claim to run out: the next claim is unconfirmed and looks the lead up.
            await store.complete(key, token, { status, body, headers: kept }, times).catch(() => undefined);
          } else await release(maybeCreated);
          // A status that has no body (a hook's 204) must be rebuilt without one.
          return new Response([101, 204, 205, 304].includes(status) ? null : body, response);
        },
      },
    };
  };
}

function replay(answer: StoredAnswer, headers: Record<string, string>): Response {
  return new Response(answer.body, {
    status: answer.status,
    headers: { ...answer.headers, ...headers, [REPLAYED_HEADER]: "true" },
  });
}
