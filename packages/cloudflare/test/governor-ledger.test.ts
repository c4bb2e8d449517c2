// The governor object's book, on its own with an injected clock: every slot time and wait exact.

import type { RateReport } from "@intercom-leads/core/governor";
import { beforeEach, describe, expect, it } from "vitest";
import { PROBE_RETRY_MS, type SlotAnswer, SlotLedger } from "../src/governor/slot-ledger.ts";

/** A whole second, so windows of 1 s start on it, as the fake's and Intercom's do. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const LEASE_MS = 30_000;

let now = T0;
let ledger: SlotLedger;
beforeEach(() => {
  now = T0 + 250;
  ledger = new SlotLedger(() => now);
});

/** An answer from the window that ends at `resetAt`, with `remaining` left after it. */
const answer = (remaining: number, resetAt: number, limit = 50, status = 200): RateReport => ({
  status,
  limit,
  remaining,
  reset: resetAt / 1000,
});

function lease(answer: SlotAnswer): string {
  if (!("lease" in answer)) throw new Error(`expected a lease, got ${JSON.stringify(answer)}`);
  return answer.lease;
}

/** Learns a window of `limit` ending at T0 + 1000 with `remaining` left, through one probe. */
function learn(remaining: number, limit = 50): void {
  ledger.release(lease(ledger.acquire(LEASE_MS)), answer(remaining, T0 + 1000, limit));
}

describe("SlotLedger", () => {
  it("lets one call probe a window nobody knows; the others ask again shortly", () => {
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    expect(ledger.pending).toBe(1);
  });

  it("spreads what is left of a learnt window evenly until the reset, then holds everyone until it", () => {
    learn(49);
    const waits = Array.from({ length: 49 }, () => ledger.acquire(LEASE_MS));
    // 49 slots over the 750 ms left: one every 750 / 49 ms, the last a share before the reset (to a
    // hundredth of a millisecond: fractions of epoch milliseconds carry rounding).
    waits.forEach((slot, k) => {
      expect(slot).toEqual({ lease: expect.any(String), waitMs: expect.closeTo((k * 750) / 49, 2) });
    });
    expect(new Set(waits.map(lease)).size).toBe(49);
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 750 });
    now += 300;
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 450 });
  });

  it("takes the smallest remaining of answers that arrive out of order", () => {
    learn(10);
    const a = lease(ledger.acquire(LEASE_MS));
    const b = lease(ledger.acquire(LEASE_MS));
    ledger.release(b, answer(8, T0 + 1000));
    ledger.release(a, answer(9, T0 + 1000));
    // 8 left and none pending: 8 slots, not 9.
    for (let k = 0; k < 8; k++) lease(ledger.acquire(LEASE_MS));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 750 });
  });

  it("after the reset, probes the new window again before spreading it", () => {
    learn(49);
    now = T0 + 1000;
    const probe = lease(ledger.acquire(LEASE_MS));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    ledger.release(probe, answer(49, T0 + 2000));
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: expect.closeTo(1000 / 49, 2) });
  });

  it("ignores an answer from a window that is already over", () => {
    learn(49);
    const late = lease(ledger.acquire(LEASE_MS));
    now = T0 + 1000;
    // The late call may still be out: it does not hold back the probe of the new window.
    const probe = lease(ledger.acquire(LEASE_MS));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    // Its answer is from the old window: the new one is still unknown until the probe's.
    ledger.release(late, answer(0, T0 + 1000));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    ledger.release(probe, answer(48, T0 + 2000));
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
  });

  it("holds everyone after a 429 until its reset, even with slots thought left", () => {
    learn(40);
    const call = lease(ledger.acquire(LEASE_MS));
    now = T0 + 400;
    ledger.release(call, answer(0, T0 + 1000, 50, 429));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 600 });
    now = T0 + 999;
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 1 });
    now = T0 + 1000;
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
  });

  it("holds everyone until Retry-After when a 429 has nothing else", () => {
    learn(40);
    const call = lease(ledger.acquire(LEASE_MS));
    ledger.release(call, { status: 429, retryAfter: 3 });
    // A 429 without X-RateLimit-Reset is a window that ends when Retry-After says.
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 3000 });
  });

  it("holds everyone until the reset it knows when a 429 with only Retry-After says less", () => {
    ledger.release(lease(ledger.acquire(LEASE_MS)), answer(40, T0 + 10_000));
    ledger.release(lease(ledger.acquire(LEASE_MS)), { status: 429, retryAfter: 1 });
    // The window that ends at T0 + 10 s is spent, whatever Retry-After says.
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 9750 });
  });

  it("takes back a lease never released once it ends, and counts its slot as spent in its window", () => {
    learn(3, 3);
    lease(ledger.acquire(100));
    // The holder died. Once its lease has ended, 2 of the window's 3 slots are left, not 3, at the
    // times the spread gave them (a third of the window after the dead one's, then half the rest).
    now = T0 + 400;
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 100 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 350 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 600 });
    expect(ledger.pending).toBe(2);
  });

  it("counts the slots of holders that died against the next window too, until their leases end", () => {
    learn(3, 3);
    lease(ledger.acquire(1500));
    lease(ledger.acquire(1500));
    const third = ledger.acquire(LEASE_MS);
    expect(third).toEqual({ lease: expect.any(String), waitMs: 500 });
    now = T0 + 1000;
    ledger.release(lease(third), answer(0, T0 + 1000, 3));
    // A new window: the probe goes, and learns that 2 are left; the dead holders' 2 slots may still be
    // under way, so nothing more until the first lease ends (1.5 s after its slot opened at T0 + 250).
    ledger.release(lease(ledger.acquire(LEASE_MS)), answer(2, T0 + 2000, 3));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 1000 });
    now = T0 + 1750;
    // Taken back and counted as spent: 1 left, 1 still leased.
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 250 });
    now = T0 + 2000;
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
    expect(ledger.pending).toBe(1);
  });

  it("a dead probe holds the window until its lease ends, then the next call probes", () => {
    lease(ledger.acquire(500));
    now += 499;
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: PROBE_RETRY_MS });
    now += 1;
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
    expect(ledger.pending).toBe(1);
  });

  it("counts a call that got no answer as spent, Intercom may have counted it", () => {
    learn(2, 2);
    const call = lease(ledger.acquire(LEASE_MS));
    ledger.release(call, undefined);
    // 2 left less the unanswered one: one slot, where the spread put the second.
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 375 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 750 });
  });

  it("gives a cancelled slot back uncounted, within the window", () => {
    learn(1, 2);
    const call = lease(ledger.acquire(LEASE_MS));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 750 });
    ledger.cancel(call);
    // The slot comes back, half way to the reset rather than on it.
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 375 });
  });

  it("paces nothing once answers come back without rate-limit headers (a proxy, a fake without limits)", () => {
    ledger.release(lease(ledger.acquire(LEASE_MS)), { status: 200 });
    const answers = Array.from({ length: 5 }, () => ledger.acquire(LEASE_MS));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ lease: expect.any(String), waitMs: 0 })));
  });

  it("corrects the reset by Intercom's clock when it is more than a second and a half off ours", () => {
    // Intercom's clock is 9.75 s ahead. Its Date header is to the second, so half a second is added to
    // it: its reset, 1 s after its now, is 500 ms after ours.
    const probe = lease(ledger.acquire(LEASE_MS));
    ledger.release(probe, { ...answer(1, T0 + 11_000), date: new Date(T0 + 10_000).toUTCString() });
    expect(ledger.acquire(LEASE_MS)).toEqual({ lease: expect.any(String), waitMs: 0 });
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 500 });
  });

  it("keeps one window by Intercom's reset when its clock is off and its Date ticks: a 429 in it holds everyone", () => {
    // Intercom's clock is 9.75 s ahead; its window ends at its T0 + 20 s. Each answer's Date is to the second, so
    // the end it implies in our clock moves by up to a second from answer to answer within the one window.
    const report = (remaining: number, status = 200): RateReport => ({
      ...answer(remaining, T0 + 20_000, 50, status),
      date: new Date(Math.floor((now + 9750) / 1000) * 1000).toUTCString(),
    });
    ledger.release(lease(ledger.acquire(LEASE_MS)), report(40));
    now = T0 + 800;
    ledger.release(lease(ledger.acquire(LEASE_MS)), report(39));
    // Intercom's second has ticked: this 429 implies an earlier end than the last answer did, but it is the same window.
    now = T0 + 1300;
    ledger.release(lease(ledger.acquire(LEASE_MS)), report(0, 429));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 9000 });
  });

  it("takes the smallest remaining of one window's answers when Intercom's clock is off", () => {
    const report = (remaining: number): RateReport => ({
      ...answer(remaining, T0 + 20_000),
      date: new Date(Math.floor((now + 9750) / 1000) * 1000).toUTCString(),
    });
    ledger.release(lease(ledger.acquire(LEASE_MS)), report(40));
    now = T0 + 300;
    const a = lease(ledger.acquire(LEASE_MS));
    const b = lease(ledger.acquire(LEASE_MS));
    ledger.release(b, report(20));
    // The older answer arrives later, so it implies a later end: still the same window, with 20 left, not 30.
    now = T0 + 400;
    ledger.release(a, report(30));
    for (let k = 0; k < 20; k++) lease(ledger.acquire(LEASE_MS));
    expect(ledger.acquire(LEASE_MS)).toEqual({ retryMs: 9500 });
  });
});
