import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createLeadHandler,
  type FetchHandler,
  type IdempotencyStore,
  memoryIdempotencyStore,
} from "../../src/server/index.ts";
import { settle, useFakeTime } from "../support/fake-time.ts";
import { IN_PROCESS_BASE_URL } from "../support/use-in-process-intercom.ts";
import { PAGE_ORIGIN } from "../support/use-lead-proxy.ts";

const julia = { email: "julia@truth.org", name: "Julia" };

// In process, on fake time: when a resend looks at the store while the first request holds the key,
// to the millisecond.
describe("a resend while the first request holds its key", () => {
  beforeAll(async () => {
    // Loaded before time is faked, as a handler loads it with its first key.
    await import("../../src/server/idempotency/gate.ts");
  });
  useFakeTime();
  let fake: FakeIntercom;
  let claims: number[];
  // Times from the first claim: reading and digesting the body takes real turns, which fake time moves through.
  const fromFirst = (at: number) => at - claims[0]!;
  let handler: FetchHandler;
  const make = (waitSeconds: number) => {
    const store = memoryIdempotencyStore();
    const watched: IdempotencyStore = {
      ...store,
      claim: (...args) => {
        claims.push(Date.now());
        return store.claim(...args);
      },
    };
    handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: (request) => fake.fetch(request),
      allowedOrigins: [PAGE_ORIGIN],
      idempotency: { store: watched, waitSeconds },
    });
  };
  beforeEach(() => {
    fake = createFakeIntercom({ rateLimit: false });
    claims = [];
  });
  const post = () =>
    handler(
      new Request(`${IN_PROCESS_BASE_URL}/api/intercom/contacts`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: PAGE_ORIGIN, "idempotency-key": "k-1" },
        body: JSON.stringify(julia),
      }),
    );

  it("looks again after 25 ms, doubling, and gives the first answer as soon as it is there", async () => {
    make(10);
    fake.inject({ kind: "slow", delayMs: 400 });
    const outcome = await settle(Promise.all([post(), post()]));
    if (outcome.status !== "fulfilled") throw outcome.reason;
    const [first, second] = outcome.value;
    // The first claim, then the resend's: at 0, 25, 75, 175, 375 ms in flight, at 775 ms answered.
    expect(claims.map(fromFirst)).toEqual([0, 0, 25, 75, 175, 375, 775]);
    expect(fromFirst(outcome.at)).toBe(775);
    // Either may have claimed first: one answer is the first, the other its replay.
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first, second].map((answer) => answer.headers.get("idempotent-replayed")).sort()).toEqual([null, "true"]);
    expect(await second.text()).toBe(await first.text());
    expect(fake.leads).toHaveLength(1);
  });

  it("gives up with 409 once waitSeconds have passed, the last look right at the end", async () => {
    make(1);
    fake.inject({ kind: "slow", delayMs: 5000 });
    // Either may claim first (their bodies are digested concurrently): each answer says when it came.
    const timed = () => post().then((response) => ({ response, at: fromFirst(Date.now()) }));
    const outcome = await settle(Promise.all([timed(), timed()]));
    if (outcome.status !== "fulfilled") throw outcome.reason;
    const [busy, done] = [...outcome.value].sort((a, b) => a.at - b.at);
    expect(claims.map(fromFirst)).toEqual([0, 0, 25, 75, 175, 375, 775, 1000]);
    expect([busy!.at, done!.at]).toEqual([1000, 5000]);
    // Retry-After: the lease has 59 s left; the browser is told to come back within 5.
    expect([busy!.response.status, busy!.response.headers.get("retry-after")]).toEqual([409, "5"]);
    expect(done!.response.status).toBe(200);
    expect(fake.leads).toHaveLength(1);
  });
});
