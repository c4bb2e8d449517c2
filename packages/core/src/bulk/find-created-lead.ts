import type { Requester } from "../client/request.ts";
import type { IntercomError } from "../errors/intercom-error.ts";

/** How long, and how often, to look for a lead whose create may have gone through. */
export interface ReconcileOptions {
  /**
   * How long to keep looking, in milliseconds. Intercom's search can lag behind
   * a create for a few seconds; after this the lead is taken as not created.
   * @default 15_000
   */
  waitMs?: number;
  /**
   * The first pause between lookups, in milliseconds; it doubles each time.
   * @default 250
   */
  intervalMs?: number;
}

const DAY_SECONDS = 86_400;

interface FoundLead {
  id?: unknown;
  created_at?: unknown;
}

interface SearchAnswer {
  data?: FoundLead[];
  contacts?: FoundLead[];
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * Looks for the lead with `email` created at or after `since` (Unix seconds):
 * API 2.x searches contacts (role lead, that email, created since), API 1.x
 * lists leads by email. Keeps looking for `waitMs`, since search lags behind
 * creates. Leads created before `since`, or listed in `claimed`, are never
 * taken for this one.
 */
export async function findCreatedLead(
  request: Requester,
  legacy: boolean,
  email: string,
  since: number,
  options: ReconcileOptions,
  signal: AbortSignal | undefined,
  claimed: ReadonlySet<string> = new Set(),
): Promise<unknown | undefined> {
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  let pause = options.intervalMs ?? 250;
  for (;;) {
    let found: unknown;
    try {
      const answer = (
        legacy
          ? await request("GET", `contacts?email=${encodeURIComponent(email)}`, undefined, { signal })
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
                    { field: "created_at", operator: ">", value: since - 2 * DAY_SECONDS },
                  ],
                },
                pagination: { per_page: 150 },
              }),
              { signal },
            )
      ) as SearchAnswer;
      const candidates = (legacy ? answer.contacts : answer.data) ?? [];
      // A lead another input of the same import already owns is never this one's.
      found = candidates.find((lead) => typeof lead.created_at === "number" && lead.created_at >= since && !claimed.has(String(lead.id)));
    } catch (error) {
      // A failed lookup proves nothing either way: look again, unless the caller gave up.
      if ((error as IntercomError).name === "IntercomAbortError") throw error;
    }
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted) return undefined;
    // The last pause is cut to the deadline, so one more lookup happens right at it.
    await sleep(Math.min(pause, left), signal);
    pause *= 2;
  }
}
