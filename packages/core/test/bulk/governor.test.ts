import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "@intercom-leads/testing";
import { createIntercom } from "../../src/index.ts";
import { useFakeIntercom } from "../support/use-fake-intercom.ts";

const LIMIT = 20;
const WINDOW_MS = 1000;

/** Requests the fake let through (not 429), counted per rate-limit window. */
function perWindow(requests: readonly RecordedRequest[]): number[] {
  const counts = new Map<number, number>();
  for (const request of requests) {
    const window = Math.floor(request.at / WINDOW_MS);
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
}

describe("the rate governor, against a fake with a 1-second window of 20 calls", () => {
  const served = useFakeIntercom({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  const client = () => createIntercom({ token: served.token, baseUrl: served.url });
  const emails = (count: number, prefix: string) => Array.from({ length: count }, (_, n) => ({ email: `${prefix}${n}@example.com` }));

  it("never exceeds a window, uses the full windows, and stores every lead once", async () => {
    const summary = await client().createLeads(emails(70, "paced"), { concurrency: 8 }).summary();
    expect(summary).toMatchObject({ created: 70, failed: 0 });
    const statuses = served.fake.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    const windows = perWindow(served.fake.requests);
    expect(Math.max(...windows)).toBeLessThanOrEqual(LIMIT);
    // 70 calls at 20 a window: three full windows and a part.
    expect(windows.length).toBeGreaterThanOrEqual(4);
    expect(windows.slice(1, -1).every((count) => count >= LIMIT - 2)).toBe(true);
    expect(served.fake.leads).toHaveLength(70);
  });

  it("single creates and a bulk import share one governor", async () => {
    const intercom = client();
    // The first answer tells the client about the window; from then on nothing may trip it.
    await intercom.createLead({ email: "first@example.com" });
    const singles = emails(15, "single").map((input) => intercom.createLead(input));
    const [summary] = await Promise.all([intercom.createLeads(emails(30, "bulk"), { concurrency: 6 }).summary(), ...singles]);
    expect(summary).toMatchObject({ created: 30 });
    expect(served.fake.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(Math.max(...perWindow(served.fake.requests))).toBeLessThanOrEqual(LIMIT);
    expect(served.fake.leads).toHaveLength(46);
  });

  it("a 429 that still arrives holds every call until the reset, and that one is retried", async () => {
    served.fake.inject({ kind: "rate-limit" });
    const summary = await client().createLeads(emails(10, "held"), { concurrency: 4 }).summary();
    expect(summary).toMatchObject({ created: 10, failed: 0 });
    const [limited] = served.fake.requests.filter((request) => request.status === 429);
    const windowEnd = (Math.floor(limited!.at / WINDOW_MS) + 1) * WINDOW_MS;
    // Requests already on their way when the 429 left may arrive just after it; nothing sent after it was seen may.
    const after = served.fake.requests.filter((request) => request.at > limited!.at + 50);
    // Nothing was sent between the 429 and the reset it announced.
    expect(after.every((request) => request.at >= windowEnd)).toBe(true);
    expect(served.fake.leads).toHaveLength(10);
  });
});
