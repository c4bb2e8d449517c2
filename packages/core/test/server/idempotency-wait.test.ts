import { setImmediate as realTurn } from "node:timers/promises";
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
// to the millisecond. Time starts moving only once both requests have made their first claim: reading
// and digesting a body takes real turns of the event loop (crypto.subtle works off the main thread), and
// `settle` moves fake time 100 ms per real turn, so a digest slowed by load would shift the second
// request's claims by whole steps.
describe("a resend while the first request holds its key", () => {
  beforeAll(async () => {
    // Loaded before time is faked, as a handler loads it with its first key.
    await import("../../src/server/idempotency/gate.ts");
  });
  useFakeTime();
  let fake: FakeIntercom;
  let claims: number[];
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
  /** Real turns, the fake clock stopped, until the store has seen `count` claims. */
  const untilClaims = async (count: number) => {
    for (let turns = 0; claims.length < count; turns++) {
      if (turns === 10_000) throw new Error(`${claims.length} of ${count} claims after ${turns} real turns`);
      await realTurn();
    }
  };
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
    const both = Promise.all([post(), post()]);
    await untilClaims(2);
    const outcome = await settle(both);
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
    const both = Promise.all([timed(), timed()]);
    await untilClaims(2);
    const outcome = await settle(both);
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
