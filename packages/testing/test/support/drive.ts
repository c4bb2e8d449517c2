import { vi } from "vitest";

/** How a promise settled, and when, in fake milliseconds since the epoch. */
export type Settled<T> = PromiseSettledResult<T> & { at: number };

/**
 * Runs `promise` to its end under fake timers (`setTimeout`, `clearTimeout`, `Date`; `setImmediate` stays real) and
 * says how and when it settled. Fake time moves `stepMs` per real turn of the event loop, so a client that waits
 * seconds between retries costs milliseconds while its loopback round trips still get the real turns they need.
 * Gives up after `limitMs` of fake time, so a promise that never settles fails clearly.
 */
export async function settle<T>(promise: Promise<T>, stepMs = 100, limitMs = 120_000): Promise<Settled<T>> {
  let outcome: Settled<T> | undefined;
  promise.then(
    (value) => {
      outcome = { status: "fulfilled", value, at: Date.now() };
    },
    (reason: unknown) => {
      outcome = { status: "rejected", reason, at: Date.now() };
    },
  );
  const giveUpAt = Date.now() + limitMs;
  while (!outcome) {
    if (Date.now() >= giveUpAt) throw new Error(`did not settle within ${limitMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(stepMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return outcome;
}
