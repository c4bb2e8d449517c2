import { findCreatedLead, type ReconcileOptions } from "../bulk/find-created-lead.ts";
import { invalidResponseError } from "../errors/error-from-response.ts";
import { isIntercomError } from "../errors/type-guards.ts";
import type { RequestOptions, RetryOptions } from "./options.ts";
import type { Requester } from "./request.ts";

/** A lead as created, or as found after an ambiguous failure. */
export interface CreateOutcome {
  lead: unknown;
  /** Found by a lookup rather than returned by the create. */
  reconciled: boolean;
}

/** What one create needs beyond the request options. */
export interface CreatePlan {
  body: Record<string, unknown>;
  legacy: boolean;
  reconcile: false | ReconcileOptions;
  /** An earlier run may have sent this input: look it up before creating. */
  mayExist?: boolean;
  /** Called right before the first create request leaves. */
  onSend?: () => void;
  /** Lead ids other inputs already own, never taken for this one. */
  claimed?: ReadonlySet<string>;
}

// After this many ambiguous rounds the error is handed back: something is badly wrong upstream.
const MAX_ROUNDS = 3;
// Intercom's clock and ours may disagree; a lead created this long before our attempt still counts as ours.
const CLOCK_SKEW_SECONDS = 5;

/** The answer must be a contact; anything else (an error list with a 200, `null`) is not a lead to hand out. */
export function asLead<T>(body: unknown, created: boolean): T {
  const { type, id } = (body ?? {}) as { type?: unknown; id?: unknown };
  if (type !== "contact" || typeof id !== "string") throw invalidResponseError(200, created);
  return body as T;
}

// With reconcile on, resending blindly would defeat it: the lookup decides instead.
function withoutBlindResend(retry: RequestOptions["retry"]): RetryOptions | false {
  if (retry === false) return false;
  return { ...(typeof retry === "number" ? { limit: retry } : retry), retryMaybeCreated: false };
}

/**
 * Creates a lead exactly once as far as Intercom lets us know: after a
 * failure that may have stored it, the lead is looked up by email (waiting out
 * search lag) and returned if found; only when it is not there is it created again.
 */
export async function createWithReconcile(request: Requester, plan: CreatePlan, options: RequestOptions = {}): Promise<CreateOutcome> {
  const text = JSON.stringify(plan.body);
  const email = typeof plan.body.email === "string" ? plan.body.email : undefined;
  const lookup = async (since: number) =>
    email && plan.reconcile ? findCreatedLead(request, plan.legacy, email, since, plan.reconcile, options.signal, plan.claimed) : undefined;

  if (plan.mayExist && plan.reconcile) {
    // Search since the epoch: the earlier run's lead may be hours old.
    const found = await lookup(0);
    if (found) return { lead: asLead(found, false), reconciled: true };
  }
  const call = plan.reconcile ? { ...options, retry: withoutBlindResend(options.retry) } : options;
  for (let round = 1; ; round++) {
    const since = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
    if (round === 1) plan.onSend?.();
    try {
      return { lead: asLead(await request("POST", "contacts", text, call), true), reconciled: false };
    } catch (error) {
      if (!plan.reconcile || !email || !isIntercomError(error) || !error.maybeCreated || round >= MAX_ROUNDS) throw error;
      const found = await lookup(since);
      if (found) return { lead: asLead(found, false), reconciled: true };
      // Not there after waiting out the search lag: that attempt stored nothing, so create again.
    }
  }
}
