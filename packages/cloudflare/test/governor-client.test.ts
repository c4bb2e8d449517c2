// durableGovernor's side of the conversation, under fake time: the object stands in as a SlotLedger
// behind a namespace-shaped double, so every ask, wait, report, abort and fallback is exact. The real
// object, in workerd, is governor-isolates.test.ts's.
import { IntercomAbortError, IntercomConfigError } from "@intercom-leads/core";
import type { RateReport } from "@intercom-leads/core/governor";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { durableGovernor, type GovernorEvent } from "../src/governor/durable-governor.ts";
import type { IntercomRateGovernor } from "../src/governor/intercom-rate-governor.ts";
import { SlotLedger } from "../src/governor/slot-ledger.ts";

/** A whole second and a quarter, so a 1 s window has 750 ms left. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0, 250);
const WINDOW_END_S = (T0 + 750) / 1000;

interface ObjectDouble {
  acquire(leaseMs: number): unknown;
  release(lease: string, report: RateReport | null): void;
  cancel(lease: string): void;
}

/** The object as a ledger on the faked clock, with a log of what it was asked. */
function ledgerObject() {
  const ledger = new SlotLedger();
  const calls: string[] = [];
  const object: ObjectDouble = {
    acquire: async (leaseMs) => {
      const answer = ledger.acquire(leaseMs);
      calls.push(`acquire ${"lease" in answer ? `→ wait ${answer.waitMs}` : `→ retry ${answer.retryMs}`}`);
      return answer;
    },
    release: async (lease, report) => {
      calls.push(`release ${report ? report.status : "none"}`);
      ledger.release(lease, report ?? undefined);
    },
    cancel: async (lease) => {
      calls.push("cancel");
      ledger.cancel(lease);
    },
  };
  return { ledger, calls, object };
}

function namespaceOf(object: ObjectDouble, names: string[] = []) {
  return {
    idFromName: (name: string) => {
      names.push(name);
      return { name };
    },
    get: () => object,
  } as unknown as DurableObjectNamespace<IntercomRateGovernor>;
}

/** An answer of the fake's window: `remaining` left of 50 until the window ends. */
const answer = (remaining: number, status = 200) =>
  new Response(null, {
    status,
    headers: {
      "x-ratelimit-limit": "50",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(WINDOW_END_S),
    },
  });

/** Whether `promise` has settled after the microtasks and timers due by now have run (`undefined`: at once). */
async function settledYet(promise: Promise<unknown> | undefined): Promise<boolean> {
  if (!promise) return true;
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("durableGovernor", () => {
  it("asks the object named for the workspace, and reports each answer's rate-limit headers", async () => {
    const { object } = ledgerObject();
    const reports: (RateReport | null)[] = [];
    const release = object.release;
    object.release = (lease, report) => {
      reports.push(report);
      release(lease, report);
    };
    const names: string[] = [];
    const governor = durableGovernor(namespaceOf(object, names), { name: "workspace-a" });
    await governor.acquire(undefined, false);
    governor.release(
      new Response(null, {
        status: 200,
        headers: {
          "x-ratelimit-limit": "50",
          "x-ratelimit-remaining": "49",
          "x-ratelimit-reset": String(WINDOW_END_S),
          date: "Mon, 02 Mar 2026 09:00:00 GMT",
        },
      }),
    );
    await governor.acquire(undefined, false);
    governor.release(undefined);
    await governor.settled();

    expect(names).toEqual(["workspace-a"]);
    expect(reports).toEqual([
      {
        status: 200,
        limit: 50,
        remaining: 49,
        reset: WINDOW_END_S,
        retryAfter: undefined,
        date: "Mon, 02 Mar 2026 09:00:00 GMT",
      },
      null,
    ]);
  });

  it("waits for the slot the object gave it: the window spread evenly", async () => {
    const { calls, object } = ledgerObject();
    const governor = durableGovernor(namespaceOf(object));
    await governor.acquire(undefined, false);
    governor.release(answer(3));
    await governor.settled();
    // 3 left over 750 ms: now, 250 ms and 500 ms from now.
    const slots = [0, 1, 2].map(() => governor.acquire(undefined, false));
    expect(await settledYet(slots[0]!)).toBe(true);
    await vi.advanceTimersByTimeAsync(249);
    expect(await settledYet(slots[1]!)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledYet(slots[1]!)).toBe(true);
    expect(await settledYet(slots[2]!)).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(await settledYet(slots[2]!)).toBe(true);
    expect(calls).toEqual([
      "acquire → wait 0",
      "release 200",
      "acquire → wait 0",
      "acquire → wait 250",
      "acquire → wait 500",
    ]);
  });

  it("asks again when the window is spent, and goes once it has reset", async () => {
    const { calls, object } = ledgerObject();
    const governor = durableGovernor(namespaceOf(object));
    await governor.acquire(undefined, false);
    governor.release(answer(0));
    const next = governor.acquire(undefined, false);
    await vi.advanceTimersByTimeAsync(749);
    expect(await settledYet(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledYet(next)).toBe(true);
    // After the reset it probes the new window.
    expect(calls).toEqual(["acquire → wait 0", "release 200", "acquire → retry 750", "acquire → wait 0"]);
  });

  it("an abort while waiting for its slot rejects, counts nothing and gives the slot back", async () => {
    const { calls, ledger, object } = ledgerObject();
    const governor = durableGovernor(namespaceOf(object));
    await governor.acquire(undefined, false);
    governor.release(answer(2));
    await governor.acquire(undefined, false);
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal, true);
    const rejected = expect(waiting).rejects.toEqual(new IntercomAbortError("left the page", true));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort("left the page");
    await rejected;
    await governor.settled();
    expect(calls).toEqual(["acquire → wait 0", "release 200", "acquire → wait 0", "acquire → wait 375", "cancel"]);
    expect(ledger.pending).toBe(1);
  });

  it("an abort while the object is asked rejects at once, and gives back the slot it is granted later", async () => {
    const { calls, ledger, object } = ledgerObject();
    const acquire = object.acquire;
    let answerNow: () => void = () => {};
    object.acquire = (leaseMs) =>
      new Promise((resolve) => {
        answerNow = () => resolve(acquire(leaseMs));
      });
    const governor = durableGovernor(namespaceOf(object));
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal, false);
    const rejected = expect(waiting).rejects.toEqual(new IntercomAbortError("stop", false));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort("stop");
    await rejected;
    answerNow();
    await vi.advanceTimersByTimeAsync(0);
    await governor.settled();
    expect(calls).toEqual(["acquire → wait 0", "cancel"]);
    expect(ledger.pending).toBe(0);
  });

  it("falls back to its own governor when the object throws, says so once, and never fails the call", async () => {
    const failure = new Error("Durable Object reset because its code was updated");
    const asked: number[] = [];
    const object: ObjectDouble = {
      acquire: async () => {
        asked.push(Date.now() - T0);
        throw failure;
      },
      release: () => {},
      cancel: () => {},
    };
    const events: GovernorEvent[] = [];
    const governor = durableGovernor(namespaceOf(object), {
      onEvent: (event) => events.push(event),
      fallbackMs: 5_000,
    });
    // Answers without rate-limit headers, so the local governor lets every call go at once.
    for (let i = 0; i < 3; i++) {
      await governor.acquire(undefined, false);
      governor.release(new Response(null, { status: 200 }));
    }
    expect(events).toEqual([{ type: "governor_fallback", error: failure }]);
    // Within fallbackMs the object is not asked again.
    expect(asked).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5_000);
    await governor.acquire(undefined, false);
    expect(asked).toEqual([0, 5_000]);
    expect(events).toHaveLength(2);
  });

  it("shares the window again once the object answers after a fallback", async () => {
    const { object } = ledgerObject();
    const acquire = object.acquire;
    let down = true;
    object.acquire = async (leaseMs) => {
      if (down) throw new Error("overloaded");
      return acquire(leaseMs);
    };
    const events: string[] = [];
    const governor = durableGovernor(namespaceOf(object), { onEvent: (event) => events.push(event.type) });
    await governor.acquire(undefined, false);
    governor.release(answer(10));
    down = false;
    await vi.advanceTimersByTimeAsync(10_000);
    await governor.acquire(undefined, false);
    expect(events).toEqual(["governor_fallback", "governor_restored"]);
  });

  it("falls back when the object does not answer within timeoutMs", async () => {
    const object: ObjectDouble = { acquire: () => new Promise(() => {}), release: () => {}, cancel: () => {} };
    const events: GovernorEvent[] = [];
    const governor = durableGovernor(namespaceOf(object), { timeoutMs: 200, onEvent: (event) => events.push(event) });
    const slot = governor.acquire(undefined, false);
    await vi.advanceTimersByTimeAsync(199);
    expect(await settledYet(slot)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledYet(slot)).toBe(true);
    expect(events).toEqual([
      { type: "governor_fallback", error: new Error("The governor object did not answer within 200 ms") },
    ]);
  });

  it("a listener that throws fails nothing", async () => {
    const object: ObjectDouble = {
      acquire: () => Promise.reject(new Error("down")),
      release: () => {},
      cancel: () => {},
    };
    const governor = durableGovernor(namespaceOf(object), {
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    await expect(governor.acquire(undefined, false)).resolves.toBeUndefined();
  });

  it("refuses what is not a namespace, and lease, timeout or fallback times that are not positive", () => {
    expect(() => durableGovernor({} as DurableObjectNamespace<IntercomRateGovernor>)).toThrow(
      new IntercomConfigError(
        "durableGovernor needs a Durable Object namespace bound to the IntercomRateGovernor class",
      ),
    );
    const namespace = namespaceOf(ledgerObject().object);
    for (const name of ["leaseMs", "timeoutMs", "fallbackMs"] as const) {
      for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "1000"]) {
        expect(() => durableGovernor(namespace, { [name]: value as number })).toThrow(
          new IntercomConfigError(`durableGovernor: ${name} must be a number of milliseconds above 0`),
        );
      }
    }
  });
});
