import type { RecordedRequest } from "@intercom-leads/testing";
import { describe, expect, it } from "vitest";
import { IntercomAbortError, RateLimitError } from "../src/index.ts";
import { drive, settle, useFakeTime } from "./support/fake-time.ts";
import { useInProcessIntercom } from "./support/use-in-process-intercom.ts";

/** The end of the fake's 1-second window that `request` arrived in: what its X-RateLimit-Reset announces. */
const windowEnd = (request: RecordedRequest): number => (Math.floor(request.at / 1000) + 1) * 1000;

describe("429 retries", () => {
  useFakeTime();
  // The 429s are injected, so the counts are exact; the 1-second windows set when each retry may leave.
  const intercom = useInProcessIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it("waits for the window to reset and retries: the lead is stored once", async () => {
    intercom.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const lead = await drive(intercom.client().createLead({ email: "a@example.com" }));
    expect(lead.email).toBe("a@example.com");
    const [first, second, third] = intercom.fake.requests;
    expect([first!.status, second!.status, third!.status]).toEqual([429, 429, 200]);
    expect(intercom.fake.leads).toHaveLength(1);
    // Each retry left once the window the previous 429 announced had reset, and no later than its jitter allows.
    expect(second!.at - windowEnd(first!)).toBeGreaterThanOrEqual(0);
    expect(second!.at - windowEnd(first!)).toBeLessThan(50);
    expect(third!.at - windowEnd(second!)).toBeGreaterThanOrEqual(0);
    expect(third!.at - windowEnd(second!)).toBeLessThan(50);
  });

  it("gives up with the RateLimitError when retries are off: one request", async () => {
    intercom.fake.inject({ kind: "rate-limit" });
    const error = await drive(intercom.client({ retry: false }).createLead({ email: "a@example.com" })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ limit: 10_000, remaining: 0, maybeCreated: false });
    expect((error as RateLimitError).resetAt!.getTime()).toBe(windowEnd(intercom.fake.requests[0]!));
    expect(intercom.fake.requests).toHaveLength(1);
    expect(intercom.fake.leads).toHaveLength(0);
  });

  it("gives up at once when the reset is further away than maxDelay", async () => {
    intercom.fake.inject({ kind: "rate-limit" });
    const started = Date.now();
    const outcome = await settle(intercom.client({ retry: { maxDelay: 0 } }).createLead({ email: "c@example.com" }));
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(RateLimitError) });
    // Not a moment of waiting: the 429 came back on the spot.
    expect(outcome.at).toBe(started);
    expect(intercom.fake.requests).toHaveLength(1);
  });

  it("a per-call retry overrides the client's", async () => {
    intercom.fake.inject({ kind: "rate-limit" }, { times: 3 });
    await expect(
      drive(intercom.client({ retry: 5 }).createLead({ email: "a@example.com" }, { retry: 1 })),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(intercom.fake.requests.map((request) => request.status)).toEqual([429, 429]);
  });

  it("an abort while waiting for the window rejects at once, with nothing created", async () => {
    intercom.fake.inject({ kind: "rate-limit" });
    const controller = new AbortController();
    const started = Date.now();
    const pending = intercom.client().createLead({ email: "c@example.com" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 30);
    const outcome = await settle(pending);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(IntercomAbortError) });
    expect((outcome as PromiseRejectedResult).reason).toMatchObject({
      maybeCreated: false,
      cause: new Error("user left"),
    });
    // Rejected when the signal aborted, well before the window it was waiting for.
    expect(outcome.at).toBe(started + 30);
    expect(outcome.at).toBeLessThan(windowEnd(intercom.fake.requests[0]!));
    expect(intercom.fake.requests).toHaveLength(1);
    expect(intercom.fake.leads).toHaveLength(0);
  });
});

describe("429 retries against the fake's real window", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: 2, windowMs: 1000 } });

  it("concurrent creates past the limit are each stored exactly once, and no window lets more than its limit through", async () => {
    const client = intercom.client();
    const leads = await drive(
      Promise.all([1, 2, 3, 4].map((n) => client.createLead({ email: `lead${n}@example.com` }))),
    );
    expect(leads.map((lead) => lead.email).sort()).toEqual([
      "lead1@example.com",
      "lead2@example.com",
      "lead3@example.com",
      "lead4@example.com",
    ]);
    expect(intercom.fake.leads).toHaveLength(4);
    const byWindow = new Map<number, number>();
    for (const request of intercom.fake.requests.filter((r) => r.status === 200)) {
      const window = Math.floor(request.at / 1000);
      byWindow.set(window, (byWindow.get(window) ?? 0) + 1);
    }
    expect(Math.max(...byWindow.values())).toBeLessThanOrEqual(2);
    // Four calls sent at once before the client knew the limit: two of them met a 429, once each, and waited.
    expect(intercom.fake.requests.map((r) => r.status)).toEqual([200, 200, 429, 429, 200, 200]);
  });
});

describe("429 retries with no reset to go on", () => {
  useFakeTime();
  // No rate limit, so no X-RateLimit-* headers, and the injected 429 says nothing about when to come back.
  const intercom = useInProcessIntercom({ rateLimit: false });

  it("back off 500 ms, then 1 s, doubling, rather than hammering", async () => {
    intercom.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const lead = await drive(intercom.client().createLead({ email: "a@example.com" }));
    const [first, second, third] = intercom.fake.requests;
    expect([first!.status, second!.status, third!.status]).toEqual([429, 429, 200]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(500);
    expect(second!.at - first!.at).toBeLessThan(550);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(1000);
    expect(third!.at - second!.at).toBeLessThan(1050);
    expect(lead.id).toBe(intercom.fake.leads[0]!.id);
  });
});
