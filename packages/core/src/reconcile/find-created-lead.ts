import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { isIntercomAbortError, isIntercomConfigError, isIntercomError } from "../errors/type-guards.ts";
import { sleep } from "../time/sleep.ts";
import type { ReconcileOptions, RequestOptions } from "../types/options.ts";
import type { RequestContext, Requester } from "../types/requester.ts";

/** What a lookup learned: the lead, or that it is absent, or nothing at all (every lookup failed). */
export type LookupOutcome = { found: unknown } | { absent: true } | { unknown: IntercomError };

const DAY_SECONDS = 86_400;
const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_INTERVAL_MS = 250;

interface FoundLead {
  id?: unknown;
  created_at?: unknown;
}

interface SearchAnswer {
  data?: FoundLead[];
  contacts?: FoundLead[];
}

/** Refuses reconcile options that would look forever or hammer the search. */
export function checkReconcileOptions(options: ReconcileOptions): void {
  const { waitMs = DEFAULT_WAIT_MS, intervalMs = DEFAULT_INTERVAL_MS } = options;
  if (typeof waitMs !== "number" || !Number.isFinite(waitMs) || waitMs < 0) {
    throw new IntercomConfigError("reconcile.waitMs must be a number of milliseconds");
  }
  if (typeof intervalMs !== "number" || !Number.isFinite(intervalMs) || intervalMs < 10) {
    throw new IntercomConfigError("reconcile.intervalMs must be a number of milliseconds, at least 10");
  }
  const { lookupFirst } = options;
  if (!(lookupFirst == null || typeof lookupFirst === "boolean" || (Number.isFinite(lookupFirst) && lookupFirst >= 0)))
    throw new IntercomConfigError("reconcile.lookupFirst must be true, false or a time in Unix milliseconds");
}

/**
 * Looks for the lead with `email` created at or after `since` (Unix seconds):
 * API 2.x searches contacts (role lead, that email), API 1.x lists leads by
 * email. Keeps looking for `waitMs`, since search lags behind creates. Leads
 * created before `since`, or listed in `claimed`, are never taken for this one.
 * Says `unknown` when no lookup was answered: absence is only concluded from answers.
 * `context` says whether an earlier create may have stored the lead, so that an abort while
 * looking says so too.
 */
export async function findCreatedLead(
  request: Requester,
  legacy: boolean,
  email: string,
  since: number,
  options: ReconcileOptions,
  call: RequestOptions,
  claimed: ReadonlySet<string> = new Set(),
  context: RequestContext = {},
): Promise<LookupOutcome> {
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let pause = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let answered = false;
  let lastError: IntercomError | undefined;
  for (;;) {
    try {
      const answer = (
        legacy
          ? await request("GET", `contacts?email=${encodeURIComponent(email)}`, undefined, call, context)
          : await request(
              "POST",
              "contacts/search",
              JSON.stringify({
                query: {
                  operator: "AND",
                  value: [
                    { field: "role", operator: "=", value: "lead" },
                    { field: "email", operator: "=", value: email },
                    // Intercom matches dates by whole days in the workspace's time zone, and `>` starts
                    // at the next day: two days back keeps today's leads whatever the zone, and the
                    // exact cut-off is applied below.
                    { field: "created_at", operator: ">", value: Math.max(0, since - 2 * DAY_SECONDS) },
                  ],
                },
                pagination: { per_page: 150 },
              }),
              call,
              context,
            )
      ) as SearchAnswer;
      answered = true;
      const candidates = (legacy ? answer.contacts : answer.data) ?? [];
      // A lead another input of the same import already owns is never this one's.
      const found = candidates.find(
        (lead) => typeof lead.created_at === "number" && lead.created_at >= since && !claimed.has(String(lead.id)),
      );
      if (found) return { found };
    } catch (error) {
      // A failed lookup proves nothing either way: look again, unless the caller gave up.
      if (!isIntercomError(error) || isIntercomAbortError(error) || isIntercomConfigError(error)) throw error;
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0 || call.signal?.aborted) break;
    // The last pause is cut to the deadline, so one more lookup happens right at it.
    await sleep(Math.min(pause, left), call.signal);
    pause *= 2;
  }
  if (answered) return { absent: true };
  return {
    unknown:
      lastError ??
      new IntercomError("The lead could not be looked up", { maybeCreated: context.maybeCreated ?? false }),
  };
}
