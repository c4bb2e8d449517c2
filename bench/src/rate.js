// @ts-check
/**
 * Rate: how much of the fake's rate limit `createLeads` uses, and whether it trips it.
 *
 * The fake (its own process) allows `limit` requests per fixed `windowMs` window, windows aligned on
 * the clock as Intercom's are. `createLeads` imports `count` leads at `concurrency`. From the fake's
 * request log (its clock, arrival times):
 * - span = last request − first request; windows = ceil(span / windowMs) (at least 1);
 * - ratio = leads created / (limit × windows): 1 means every window the run spanned was used fully;
 * - 429s after the first window: answers 429 to requests that arrived after the window of the
 *   first request (in the first window the client has not yet seen any X-RateLimit-* header).
 */
import { createIntercom } from "@intercom-leads/core";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { startFake } from "./fake-process.js";
import { leadInputs } from "./leads.js";

/**
 * @param {{ count: number, limit: number, windowMs: number, concurrency: number, timeoutMs: number }} options
 */
export async function rateBenchmark({ count, limit, windowMs, concurrency, timeoutMs }) {
  const fake = await startFake({ rateLimit: { limit, windowMs } });
  try {
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: fake.url });
    const started = performance.now();
    const summary = await intercom
      .createLeads(leadInputs(count, "rate"), { concurrency, signal: AbortSignal.timeout(timeoutMs) })
      .summary();
    const clientMs = performance.now() - started;
    const stats = await fake.stats(true);
    const log = stats.log ?? [];
    if (log.length === 0) throw new Error("The fake received no request");

    const first = /** @type {number} */ (log[0]?.[0]);
    const last = /** @type {number} */ (log[log.length - 1]?.[0]);
    const spanMs = last - first;
    const windows = Math.max(1, Math.ceil(spanMs / windowMs));
    const firstWindow = Math.floor(first / windowMs);
    /** @type {Map<number, { all: number, accepted: number }>} */
    const perWindow = new Map();
    let tooMany = 0;
    let tooManyAfterFirstWindow = 0;
    for (const [at, status] of log) {
      const window = Math.floor(at / windowMs);
      const slot = perWindow.get(window) ?? { all: 0, accepted: 0 };
      slot.all++;
      if (status !== 429) slot.accepted++;
      perWindow.set(window, slot);
      if (status === 429) {
        tooMany++;
        if (window > firstWindow) tooManyAfterFirstWindow++;
      }
    }
    const created = stats.leads;
    const ratio = created / (limit * windows);
    return {
      count,
      limit,
      windowMs,
      concurrency,
      summary,
      clientMs,
      requests: stats.requests,
      statuses: stats.statuses,
      created,
      spanMs,
      windows,
      windowsTouched: perWindow.size,
      maxAcceptedInAWindow: Math.max(...[...perWindow.values()].map((slot) => slot.accepted)),
      // Requests per clock window, in order: how the governor spread them.
      perWindow: [...perWindow.entries()].sort(([a], [b]) => a - b).map(([, slot]) => slot.all),
      achievedPerSecond: spanMs > 0 ? created / (spanMs / 1000) : Number.NaN,
      allowedPerSecond: limit / (windowMs / 1000),
      ratio,
      tooMany,
      tooManyAfterFirstWindow,
      exact: created === count && summary.created === count && summary.failed === 0,
    };
  } finally {
    await fake.close();
  }
}
