import { describe, expect, it } from "vitest";
import type { FakeFault } from "@intercom-leads/testing";
import {
  createIntercom,
  IntercomAbortError,
  IntercomApiError,
  IntercomNetworkError,
  IntercomTimeoutError,
  RateLimitError,
  type RetryOptions,
} from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

interface FaultCase {
  fault: FakeFault;
  retry?: RetryOptions | false;
  error: Function | undefined;
  fields?: Record<string, unknown>;
  maybeCreated?: boolean;
  leadsStored: number;
  requestsSent: number;
}

// Every fault the fake can inject, one create call each, over real HTTP.
const matrix: Record<string, FaultCase> = {
  "429 then success (retried)": { fault: { kind: "rate-limit" }, error: undefined, leadsStored: 1, requestsSent: 2 },
  "429 with retries off": { fault: { kind: "rate-limit" }, retry: false, error: RateLimitError, fields: { status: 429, code: "rate_limit_exceeded" }, maybeCreated: false, leadsStored: 0, requestsSent: 1 },
  "500 after storing": { fault: { kind: "server-error", stored: true }, error: IntercomApiError, fields: { status: 500 }, maybeCreated: true, leadsStored: 1, requestsSent: 1 },
  "503 before storing": { fault: { kind: "server-error", status: 503, stored: false }, error: IntercomApiError, fields: { status: 503 }, maybeCreated: true, leadsStored: 0, requestsSent: 1 },
  "HTML 502 after storing": { fault: { kind: "html-502", stored: true }, error: IntercomApiError, fields: { status: 502, code: "http_502" }, maybeCreated: true, leadsStored: 1, requestsSent: 1 },
  "slow answer past the timeout, stored late": { fault: { kind: "slow", delayMs: 400, stored: false }, error: IntercomTimeoutError, maybeCreated: true, leadsStored: 0, requestsSent: 1 },
  "HTML 502": { fault: { kind: "html-502" }, error: IntercomApiError, fields: { status: 502, code: "http_502", errors: [] }, maybeCreated: true, leadsStored: 0, requestsSent: 1 },
  "slow answer past the timeout": { fault: { kind: "slow", delayMs: 1000 }, error: IntercomTimeoutError, fields: { timeout: 150 }, maybeCreated: true, leadsStored: 1, requestsSent: 1 },
  "connection dropped after storing": { fault: { kind: "drop-connection", stored: true }, error: IntercomNetworkError, maybeCreated: true, leadsStored: 1, requestsSent: 1 },
  "connection dropped before storing": { fault: { kind: "drop-connection", stored: false }, error: IntercomNetworkError, maybeCreated: true, leadsStored: 0, requestsSent: 1 },
  "500 after storing, resend opted in": { fault: { kind: "server-error", stored: true }, retry: { retryMaybeCreated: true }, error: undefined, leadsStored: 2, requestsSent: 2 },
};

describe("fault matrix over HTTP", () => {
  const served = useFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it.each(Object.entries(matrix))("%s", async (_, expected) => {
    served.fake.inject(expected.fault);
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, timeout: 150, ...(expected.retry === undefined ? {} : { retry: expected.retry }) });
    const outcome = await intercom.createLead({ email: "winstonsmith@truth.org" }).then(
      (lead) => ({ lead, error: undefined }),
      (error: unknown) => ({ lead: undefined, error }),
    );

    if (expected.error === undefined) {
      expect(outcome.error).toBeUndefined();
      expect(outcome.lead).toMatchObject({ email: "winstonsmith@truth.org", role: "lead" });
    } else {
      expect(outcome.error).toBeInstanceOf(expected.error);
      expect(outcome.error).toMatchObject({ ...expected.fields, maybeCreated: expected.maybeCreated });
    }
    expect(served.fake.leads).toHaveLength(expected.leadsStored);
    expect(served.fake.requests).toHaveLength(expected.requestsSent);
  });

  it("every fault, one call after another on one client: never more than one lead per call", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, timeout: 150 });
    const cases = Object.values(matrix).filter((entry) => entry.retry === undefined);
    const outcomes: string[] = [];
    for (const [n, { fault }] of cases.entries()) {
      served.fake.inject(fault);
      outcomes.push(await intercom.createLead({ email: `lead${n}@example.com` }).then(() => "created", (error: Error) => error.name));
    }
    expect(outcomes).toEqual(cases.map((entry) => (entry.error ? entry.error.name : "created")));
    const stored = served.fake.leads.map((lead) => (lead.body as { email: string }).email);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toHaveLength(cases.reduce((sum, entry) => sum + entry.leadsStored, 0));
  });

  it("an abort after sending reports maybeCreated, at once", async () => {
    served.fake.inject({ kind: "slow", delayMs: 5000 });
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const started = Date.now();
    const error = await intercom
      .createLead({ email: "a@b.co" }, { signal: AbortSignal.timeout(100) })
      .catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: true });
    expect(served.fake.leads).toHaveLength(1);
    // The fake saw the client go away and never answered.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(served.fake.requests[0]!.status).toBeUndefined();
  });

  it("with the resend opt-in, an abort is never retried and still says maybeCreated", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    served.fake.inject({ kind: "slow", delayMs: 5000 });
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, retry: { retryMaybeCreated: true } });
    const controller = new AbortController();
    const pending = intercom.createLead({ email: "a@b.co" }, { signal: controller.signal });
    // Abort during the back-off after the 500, before the second attempt.
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: true });
    expect(served.fake.requests).toHaveLength(1);
  });

  it("with the resend opt-in, a 4xx after a 5xx still says maybeCreated", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    let calls = 0;
    const intercom = createIntercom({
      token: served.token,
      baseUrl: served.url,
      retry: { retryMaybeCreated: true },
      fetch: async (request) => (++calls === 1 ? fetch(request) : Response.json({ type: "error.list", errors: [{ code: "conflict" }] }, { status: 409 })),
    });
    const error = await intercom.createLead({ email: "a@b.co" }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: "IntercomApiError", status: 409, maybeCreated: true });
    expect(calls).toBe(2);
  });

  it("an abort before sending sends nothing", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const error = await intercom.createLead({ email: "a@b.co" }, { signal: AbortSignal.abort() }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: "IntercomAbortError", maybeCreated: false });
    expect(served.fake.requests).toHaveLength(0);
  });

  it("a 429 retried past the limit ends in the RateLimitError", async () => {
    served.fake.inject({ kind: "rate-limit" }, { times: 5 });
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, retry: { limit: 2 } });
    await expect(intercom.createLead({ email: "a@b.co" })).rejects.toBeInstanceOf(RateLimitError);
    expect(served.fake.requests).toHaveLength(3);
    expect(served.fake.leads).toHaveLength(0);
  });
});
