import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeFault } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterEach, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomAbortError,
  IntercomApiError,
  IntercomNetworkError,
  IntercomTimeoutError,
  RateLimitError,
  type RetryOptions,
} from "../src/index.ts";
import { drive, settle, useFakeTime } from "./support/fake-time.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";
import { useInProcessIntercom } from "./support/use-in-process-intercom.ts";

/** The client's timeout in the slow cases; the slow answers come later than that. */
const TIMEOUT = 100;

interface FaultCase {
  fault: FakeFault;
  retry?: RetryOptions | false;
  error: (abstract new (...args: never[]) => Error) | undefined;
  fields?: Record<string, unknown>;
  maybeCreated?: boolean;
  leadsStored: number;
  requestsSent: number;
  /** The client waits (a rate window, a back-off) before its outcome: only fake time makes that cheap. */
  waits?: true;
}

// Every fault the fake can inject, one create call each.
const matrix: Record<string, FaultCase> = {
  "429 then success (retried)": {
    fault: { kind: "rate-limit" },
    error: undefined,
    leadsStored: 1,
    requestsSent: 2,
    waits: true,
  },
  "429 with retries off": {
    fault: { kind: "rate-limit" },
    retry: false,
    error: RateLimitError,
    fields: { status: 429, code: "rate_limit_exceeded" },
    maybeCreated: false,
    leadsStored: 0,
    requestsSent: 1,
  },
  "500 after storing": {
    fault: { kind: "server-error", stored: true },
    error: IntercomApiError,
    fields: { status: 500 },
    maybeCreated: true,
    leadsStored: 1,
    requestsSent: 1,
  },
  "503 before storing": {
    fault: { kind: "server-error", status: 503, stored: false },
    error: IntercomApiError,
    fields: { status: 503 },
    maybeCreated: true,
    leadsStored: 0,
    requestsSent: 1,
  },
  "HTML 502 after storing": {
    fault: { kind: "html-502", stored: true },
    error: IntercomApiError,
    fields: { status: 502, code: "http_502" },
    maybeCreated: true,
    leadsStored: 1,
    requestsSent: 1,
  },
  "slow answer past the timeout, stored late": {
    fault: { kind: "slow", delayMs: 2.5 * TIMEOUT, stored: false },
    error: IntercomTimeoutError,
    maybeCreated: true,
    leadsStored: 0,
    requestsSent: 1,
  },
  "HTML 502": {
    fault: { kind: "html-502" },
    error: IntercomApiError,
    fields: { status: 502, code: "http_502", errors: [] },
    maybeCreated: true,
    leadsStored: 0,
    requestsSent: 1,
  },
  "slow answer past the timeout": {
    fault: { kind: "slow", delayMs: 2.5 * TIMEOUT },
    error: IntercomTimeoutError,
    fields: { timeout: TIMEOUT },
    maybeCreated: true,
    leadsStored: 1,
    requestsSent: 1,
  },
  "connection dropped after storing": {
    fault: { kind: "drop-connection", stored: true },
    error: IntercomNetworkError,
    maybeCreated: true,
    leadsStored: 1,
    requestsSent: 1,
  },
  "connection dropped before storing": {
    fault: { kind: "drop-connection", stored: false },
    error: IntercomNetworkError,
    maybeCreated: true,
    leadsStored: 0,
    requestsSent: 1,
  },
  "500 after storing, resend opted in": {
    fault: { kind: "server-error", stored: true },
    retry: { retryMaybeCreated: true },
    error: undefined,
    leadsStored: 2,
    requestsSent: 2,
    waits: true,
  },
};

type Outcome = { lead: unknown; error: unknown };

function expectOutcome(outcome: Outcome, expected: FaultCase): void {
  if (expected.error === undefined) {
    expect(outcome.error).toBeUndefined();
    expect(outcome.lead).toMatchObject({ email: "winstonsmith@truth.org", role: "lead" });
  } else {
    expect(outcome.error).toBeInstanceOf(expected.error);
    expect(outcome.error).toMatchObject({ ...expected.fields, maybeCreated: expected.maybeCreated });
  }
}

const outcomeOf = (pending: Promise<unknown>): Promise<Outcome> =>
  pending.then(
    (lead) => ({ lead, error: undefined }),
    (error: unknown) => ({ lead: undefined, error }),
  );

describe("fault matrix over HTTP: real sockets reset, time out and abort", () => {
  const served = useFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });
  const cases = Object.entries(matrix).filter(([, entry]) => !entry.waits);

  it.each(cases)("%s", async (_, expected) => {
    served.fake.inject(expected.fault);
    // Only the slow cases get the short timeout: elsewhere a busy machine must not turn an answer into a timeout.
    const timeout = expected.fault.kind === "slow" ? TIMEOUT : undefined;
    const intercom = createIntercom({
      token: served.token,
      baseUrl: served.url,
      timeout,
      ...(expected.retry === undefined ? {} : { retry: expected.retry }),
    });
    expectOutcome(await outcomeOf(intercom.createLead({ email: "winstonsmith@truth.org" })), expected);
    expect(served.fake.leads).toHaveLength(expected.leadsStored);
    expect(served.fake.requests).toHaveLength(expected.requestsSent);
  });
});

describe("an abort after sending, over HTTP", () => {
  let server: FakeIntercomServer | undefined;
  afterEach(async () => server?.close());

  it("reports maybeCreated at once, and the fake sees the client go away", async () => {
    const fake = createFakeIntercom();
    fake.inject({ kind: "slow", delayMs: 5000 });
    const handled: Promise<unknown>[] = [];
    server = await serveFakeIntercom((request) => {
      const answer = fake.fetch(request);
      handled.push(answer.catch((reason: unknown) => reason));
      return answer;
    });
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: server.url });
    const started = Date.now();
    const error = await intercom
      .createLead({ email: "a@b.co" }, { signal: AbortSignal.timeout(20) })
      .catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: true });
    expect(fake.leads).toHaveLength(1);
    // The fake's handler ends when the socket closes: it gave up on the slow answer and never answered.
    expect(await handled[0]).toMatchObject({ name: "AbortError" });
    expect(fake.requests[0]!.status).toBeUndefined();
  });
});

describe("fault matrix in-process, under fake time", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it.each(Object.entries(matrix))("%s", async (_, expected) => {
    intercom.fake.inject(expected.fault);
    const client = intercom.client({
      timeout: TIMEOUT,
      ...(expected.retry === undefined ? {} : { retry: expected.retry }),
    });
    expectOutcome(await drive(outcomeOf(client.createLead({ email: "winstonsmith@truth.org" }))), expected);
    expect(intercom.fake.leads).toHaveLength(expected.leadsStored);
    expect(intercom.fake.requests).toHaveLength(expected.requestsSent);
  });

  it("every fault, one call after another on one client: never more than one lead per call", async () => {
    const client = intercom.client({ timeout: TIMEOUT });
    const cases = Object.values(matrix).filter((entry) => entry.retry === undefined);
    const outcomes: string[] = [];
    for (const [n, { fault }] of cases.entries()) {
      intercom.fake.inject(fault);
      outcomes.push(
        await drive(
          client.createLead({ email: `lead${n}@example.com` }).then(
            () => "created",
            (error: Error) => error.name,
          ),
        ),
      );
    }
    expect(outcomes).toEqual(cases.map((entry) => (entry.error ? entry.error.name : "created")));
    const stored = intercom.fake.leads.map((lead) => (lead.body as { email: string }).email);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toHaveLength(cases.reduce((sum, entry) => sum + entry.leadsStored, 0));
  });

  it("with the resend opt-in, an abort during the back-off is never retried and still says maybeCreated", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    const controller = new AbortController();
    const started = Date.now();
    const pending = intercom
      .client({ retry: { retryMaybeCreated: true } })
      .createLead({ email: "a@b.co" }, { signal: controller.signal });
    // The back-off after the 500 is half a second; abort a fifth of the way in.
    setTimeout(() => controller.abort(), 100);
    const outcome = await settle(pending);
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(IntercomAbortError) });
    expect((outcome as PromiseRejectedResult).reason).toMatchObject({ maybeCreated: true });
    expect(outcome.at).toBe(started + 100);
    expect(intercom.fake.requests).toHaveLength(1);
  });

  it("with the resend opt-in, a 4xx after a 5xx still says maybeCreated", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    let calls = 0;
    const client = intercom.client({
      retry: { retryMaybeCreated: true },
      fetch: async (request) =>
        ++calls === 1
          ? intercom.fake.fetch(request)
          : Response.json({ type: "error.list", errors: [{ code: "conflict" }] }, { status: 409 }),
    });
    const error = await drive(client.createLead({ email: "a@b.co" })).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: "IntercomApiError", status: 409, maybeCreated: true });
    expect(calls).toBe(2);
  });

  it("an abort before sending sends nothing", async () => {
    const error = await drive(intercom.client().createLead({ email: "a@b.co" }, { signal: AbortSignal.abort() })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: "IntercomAbortError", maybeCreated: false });
    expect(intercom.fake.requests).toHaveLength(0);
  });

  it("a 429 retried past the limit ends in the RateLimitError, each retry after its window's reset", async () => {
    intercom.fake.inject({ kind: "rate-limit" }, { times: 5 });
    await expect(
      drive(intercom.client({ retry: { limit: 2 } }).createLead({ email: "a@b.co" })),
    ).rejects.toBeInstanceOf(RateLimitError);
    const requests = intercom.fake.requests;
    expect(requests.map((request) => request.status)).toEqual([429, 429, 429]);
    expect(requests.map((request) => Math.floor(request.at / 1000) - Math.floor(requests[0]!.at / 1000))).toEqual([
      0, 1, 2,
    ]);
    expect(intercom.fake.leads).toHaveLength(0);
  });
});
