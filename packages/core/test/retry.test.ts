import { describe, expect, it } from "vitest";
import { createIntercom, IntercomAbortError, RateLimitError } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

describe("429 retries", () => {
  // One-second windows keep waits short; the 429s themselves are injected, so the counts are exact.
  const served = useFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });
  const client = (options: Parameters<typeof createIntercom>[0] = {}) => createIntercom({ token: served.token, baseUrl: served.url, ...options });

  it("waits for the window to reset and retries: the lead is stored once", async () => {
    served.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const lead = await client().createLead({ email: "a@example.com" });
    expect(lead.email).toBe("a@example.com");
    const [first, second, third] = served.fake.requests;
    expect([first!.status, second!.status, third!.status]).toEqual([429, 429, 200]);
    expect(served.fake.leads).toHaveLength(1);
    // Each retry waited for the window end the previous 429 announced in X-RateLimit-Reset.
    const windowEnd = (at: number) => (Math.floor(at / 1000) + 1) * 1000;
    expect(second!.at).toBeGreaterThanOrEqual(windowEnd(first!.at));
    expect(third!.at).toBeGreaterThanOrEqual(windowEnd(second!.at));
  });

  it("gives up with the RateLimitError when retries are off: one request", async () => {
    served.fake.inject({ kind: "rate-limit" });
    const error = (await client({ retry: false })
      .createLead({ email: "a@example.com" })
      .catch((thrown: unknown) => thrown)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ limit: 10_000, remaining: 0, maybeCreated: false });
    expect(error.resetAt!.getTime() % 1000).toBe(0);
    expect(served.fake.requests).toHaveLength(1);
    expect(served.fake.leads).toHaveLength(0);
  });

  it("gives up at once when the reset is further away than maxDelay", async () => {
    served.fake.inject({ kind: "rate-limit" });
    const started = Date.now();
    await expect(client({ retry: { maxDelay: 0 } }).createLead({ email: "c@example.com" })).rejects.toBeInstanceOf(RateLimitError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(served.fake.requests).toHaveLength(1);
  });

  it("a per-call retry overrides the client's", async () => {
    served.fake.inject({ kind: "rate-limit" }, { times: 3 });
    await expect(client({ retry: 5 }).createLead({ email: "a@example.com" }, { retry: 1 })).rejects.toBeInstanceOf(RateLimitError);
    expect(served.fake.requests).toHaveLength(2);
  });

  it("an abort while waiting for the window rejects at once, with nothing created", async () => {
    served.fake.inject({ kind: "rate-limit" });
    const controller = new AbortController();
    const pending = client().createLead({ email: "c@example.com" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 30);
    const error = await pending.catch((thrown: IntercomAbortError) => thrown);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: false, cause: new Error("user left") });
    expect(served.fake.requests).toHaveLength(1);
    expect(served.fake.leads).toHaveLength(0);
  });
});

describe("429 retries against the fake's real window", () => {
  const served = useFakeIntercom({ rateLimit: { limit: 2, windowMs: 1000 } });

  it("concurrent creates past the limit are each stored exactly once", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const leads = await Promise.all([1, 2, 3, 4].map((n) => intercom.createLead({ email: `lead${n}@example.com` })));
    expect(leads.map((lead) => lead.email).sort()).toEqual(["lead1@example.com", "lead2@example.com", "lead3@example.com", "lead4@example.com"]);
    expect(served.fake.leads).toHaveLength(4);
    // Whatever the window boundaries, no window ever let more than its limit through.
    const byWindow = new Map<number, number>();
    for (const request of served.fake.requests.filter((r) => r.status === 200)) {
      const window = Math.floor(request.at / 1000);
      byWindow.set(window, (byWindow.get(window) ?? 0) + 1);
    }
    expect(Math.max(...byWindow.values())).toBeLessThanOrEqual(2);
    expect(served.fake.requests.filter((r) => r.status === 429).length).toBe(served.fake.requests.length - 4);
  });
});
