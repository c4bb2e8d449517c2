import type { RecordedRequest } from "@intercom-leads/testing";
import { describe, expect, it } from "vitest";
import { drive, useFakeTime } from "../support/fake-time.ts";
import { useInProcessIntercom } from "../support/use-in-process-intercom.ts";

const LIMIT = 20;
const WINDOW_MS = 1000;

/** Requests the fake received, counted per rate-limit window, in window order. */
function perWindow(requests: readonly RecordedRequest[]): number[] {
  const counts = new Map<number, number>();
  for (const request of requests) {
    const window = Math.floor(request.at / WINDOW_MS);
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
}

describe("the rate governor, against a fake with a 1-second window of 20 calls", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  const emails = (count: number, prefix: string) =>
    Array.from({ length: count }, (_, n) => ({ email: `${prefix}${n}@example.com` }));

  it("never exceeds a window, uses the full windows, and stores every lead once", async () => {
    const summary = await drive(intercom.client().createLeads(emails(70, "paced"), { concurrency: 8 }).summary());
    expect(summary).toMatchObject({ created: 70, failed: 0 });
    expect(intercom.fake.requests.filter((request) => request.status === 429)).toEqual([]);
    // 70 calls at 20 a window: three full windows (the first a partial second, used fully all the same), then the rest.
    expect(perWindow(intercom.fake.requests)).toEqual([20, 20, 20, 10]);
    // Spread across each full window rather than sent in a burst at its start.
    for (const window of [2, 3].map((n) => Math.floor(intercom.fake.requests[0]!.at / WINDOW_MS) + n - 1)) {
      const times = intercom.fake.requests
        .map((request) => request.at)
        .filter((at) => Math.floor(at / WINDOW_MS) === window);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(WINDOW_MS / 2);
    }
    expect(intercom.fake.leads).toHaveLength(70);
  });

  it("single creates and a bulk import share one governor", async () => {
    const client = intercom.client();
    // The first answer tells the client about the window; from then on nothing may trip it.
    await drive(client.createLead({ email: "first@example.com" }));
    const singles = emails(15, "single").map((input) => client.createLead(input));
    const [summary] = await drive(
      Promise.all([client.createLeads(emails(30, "bulk"), { concurrency: 6 }).summary(), ...singles]),
    );
    expect(summary).toMatchObject({ created: 30 });
    expect(intercom.fake.requests.filter((request) => request.status === 429)).toHaveLength(0);
    // 46 calls: more than two windows' worth, so pacing them was needed, and each window was filled.
    expect(perWindow(intercom.fake.requests)).toEqual([20, 20, 6]);
    expect(intercom.fake.leads).toHaveLength(46);
  });

  it("a 429 that still arrives holds every call until the reset, and that one is retried", async () => {
    const concurrency = 4;
    intercom.fake.inject({ kind: "rate-limit" });
    const summary = await drive(intercom.client().createLeads(emails(10, "held"), { concurrency }).summary());
    expect(summary).toMatchObject({ created: 10, failed: 0 });
    const requests = intercom.fake.requests;
    expect(requests.map((request) => request.status).filter((status) => status === 429)).toHaveLength(1);
    const windowEnd = (Math.floor(requests[0]!.at / WINDOW_MS) + 1) * WINDOW_MS;
    // In fake time every call that does not wait leaves at the same instant, so count them: before the
    // reset only the first batch went out (sent together, before any answer, the 429 among them).
    expect(requests[0]!.status).toBe(429);
    expect(requests.filter((request) => request.at < windowEnd)).toHaveLength(concurrency);
    expect(requests.slice(concurrency).every((request) => request.at >= windowEnd)).toBe(true);
    expect(intercom.fake.leads).toHaveLength(10);
  });
});
