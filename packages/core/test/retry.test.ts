import { describe, expect, it } from "vitest";
import { createIntercom, IntercomAbortError, RateLimitError } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

describe("429 retries against a rate-limited fake", () => {
  const served = useFakeIntercom({ rateLimit: { limit: 2, windowMs: 1000 } });

  it("waits out the window and retries: every lead stored once", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const leads = await Promise.all([1, 2, 3].map((n) => intercom.createLead({ email: `lead${n}@example.com` })));

    expect(leads.map((lead) => lead.email).sort()).toEqual(["lead1@example.com", "lead2@example.com", "lead3@example.com"]);
    expect(served.fake.leads).toHaveLength(3);
    const statuses = served.fake.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
  });

  it("gives up with the RateLimitError when retries are off", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, retry: false });
    const results = await Promise.allSettled([1, 2, 3].map((n) => intercom.createLead({ email: `lead${n}@example.com` })));
    const rejected = results.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    const error = (rejected[0] as PromiseRejectedResult).reason as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ limit: 2, remaining: 0, maybeCreated: false });
    expect(error.resetAt).toBeInstanceOf(Date);
    expect(served.fake.leads).toHaveLength(2);
    expect(served.fake.requests).toHaveLength(3);
  });

  it("gives up at once when the reset is further away than maxDelay", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, retry: { maxDelay: 0 } });
    await intercom.createLead({ email: "a@example.com" });
    await intercom.createLead({ email: "b@example.com" });
    const started = Date.now();
    await expect(intercom.createLead({ email: "c@example.com" })).rejects.toBeInstanceOf(RateLimitError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(served.fake.requests).toHaveLength(3);
  });

  it("an abort while waiting for the window rejects with nothing created", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    await intercom.createLead({ email: "a@example.com" });
    await intercom.createLead({ email: "b@example.com" });
    const controller = new AbortController();
    const pending = intercom.createLead({ email: "c@example.com" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const error = await pending.catch((thrown: IntercomAbortError) => thrown);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: false, cause: new Error("user left") });
    expect(served.fake.leads).toHaveLength(2);
  });
});
