import { asLead } from "../client/as-lead.ts";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { isIntercomError } from "../errors/type-guards.ts";
import type { ReconcileOptions, RequestOptions, RetryOptions } from "../types/options.ts";
import type { Requester } from "../types/requester.ts";
import { checkReconcileOptions, findCreatedLead, type LookupOutcome } from "./find-created-lead.ts";

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
  /**
   * An earlier run may have sent this input: look it up before creating.
   * A number is when (Unix ms) it may have been sent; `true` means any time.
   */
  mayExist?: boolean | number;
  /** Called right before the first create request is queued to leave. */
  onSend?: () => void;
  /** Lead ids other inputs already own, never taken for this one. */
  claimed?: ReadonlySet<string>;
}

// Rounds of create-then-look-up before the error is handed back: something is badly wrong upstream.
const MAX_ROUNDS = 4;
// Intercom's clock and ours may disagree; a lead created this long before our attempt still counts as ours.
const CLOCK_SKEW_SECONDS = 5;

/** The `reconcile` option, checked, or `false` for none. */
export function reconcileOption(value: unknown, byDefault: boolean): false | ReconcileOptions {
  const chosen = value ?? byDefault;
  if (chosen === false) return false;
  if (chosen === true) return {};
  if (typeof chosen !== "object" || chosen === null)
    throw new IntercomConfigError("reconcile must be true, false or { waitMs, intervalMs }");
  checkReconcileOptions(chosen);
  return chosen;
}

// With reconcile on, resending blindly would defeat it: the lookup decides instead.
function withoutBlindResend(retry: RequestOptions["retry"]): RetryOptions | false {
  if (retry === false) return false;
  return { ...(typeof retry === "number" ? { limit: retry } : retry), retryMaybeCreated: false };
}

/**
 * Creates a lead exactly once as far as Intercom lets us know: after a
 * failure that may have stored it, the lead is looked up by email (waiting out
 * search lag) and returned if found; only when the lookups answered and it is
 * not there is it created again. Without an email, or when no lookup could be
 * answered, the error is handed back with `maybeCreated: true`.
 */
export async function createWithReconcile(
  request: Requester,
  plan: CreatePlan,
  options: RequestOptions = {},
): Promise<CreateOutcome> {
  const text = JSON.stringify(plan.body);
  const email = typeof plan.body.email === "string" ? plan.body.email : undefined;
  // Every lookup runs because a create may have stored the lead: its errors say so.
  const lookup = (since: number): Promise<LookupOutcome> =>
    findCreatedLead(request, plan.legacy, email as string, since, plan.reconcile || {}, options, plan.claimed, {
      maybeCreated: true,
    });

  // The caller's own word (`reconcile.lookupFirst`) when the plan has none: a single create resent elsewhere.
  const mayExist = plan.mayExist ?? (plan.reconcile ? plan.reconcile.lookupFirst : undefined);
  if (mayExist !== undefined && mayExist !== false) {
    if (!email)
      throw new IntercomError("An earlier run may have sent this lead, and without an email it cannot be looked up", {
        maybeCreated: true,
      });
    const since = mayExist === true ? 0 : Math.floor(mayExist / 1000) - CLOCK_SKEW_SECONDS;
    const outcome = await lookup(since);
    if ("found" in outcome) return { lead: asLead(outcome.found, false), reconciled: true };
    if ("unknown" in outcome) throw outcome.unknown;
  }
  const call = plan.reconcile ? { ...options, retry: withoutBlindResend(options.retry) } : options;
  // The first attempt's start: a lead stored late by any attempt was created after it.
  const since = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
  let ambiguous = false;
  for (let round = 1; ; round++) {
    if (round === 1) plan.onSend?.();
    try {
      return {
        lead: asLead(await request("POST", "contacts", text, call, { maybeCreated: ambiguous }), true),
        reconciled: false,
      };
    } catch (error) {
      if (!isIntercomError(error) || !plan.reconcile || !email || !error.maybeCreated) throw error;
      ambiguous = true;
      const outcome = await lookup(since);
      if ("found" in outcome) return { lead: asLead(outcome.found, false), reconciled: true };
      if (options.signal?.aborted) throw new IntercomAbortError(options.signal.reason, true);
      // No lookup was answered: whether the lead exists is unknown, and creating it again could double it.
      if ("unknown" in outcome || round >= MAX_ROUNDS) throw error;
      // The lookups answered, and it is not there: that attempt stored nothing, so create again.
    }
  }
}
