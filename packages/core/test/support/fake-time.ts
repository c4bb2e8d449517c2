/**
 * Fake time for tests whose subject waits: rate windows, 429 retries, search lag, reconcile.
 *
 * Everything runs in-process (the fake Intercom as the client's `fetch`), so the only clock anyone
 * reads is the faked `Date` and the only waits are faked `setTimeout`s: a wait of seconds costs
 * milliseconds, and every timestamp the fake records is exact and reproducible.
 *
 * Over real HTTP this does not work: a loopback round trip takes real turns of the event loop while
 * fake time races ahead, so a client's timeout would fire before the answer. Tests whose subject is
 * the network (resets, timeouts, aborts) stay on real time with millisecond waits.
 */
import {
  type SettledWithFakeTime,
  type SettleWithFakeTimeOptions,
  settleWithFakeTime,
} from "@intercom-leads/testing/node";
import { afterEach, beforeAll, beforeEach, vi } from "vitest";

/**
 * When fake time starts: a fixed instant, so runs are reproducible, and a quarter into a second, so
 * the first 1-second rate window is a partial one, as it is for a real client.
 */
export const FAKE_EPOCH: number = Date.UTC(2026, 2, 2, 9, 0, 0, 250);

/**
 * Imports the code a client loads with `import()` on first use (the rate governor, bulk import,
 * reconcile). Loading a module is real work (file reads, transforms) that fast-moving fake time would
 * outrun: a first call would see seconds pass while its code loads. Once loaded, the client's own
 * `import()` resolves from the module cache in microtasks.
 */
export async function loadOnDemandCode(): Promise<void> {
  await Promise.all([
    import("../../src/governor/index.ts"),
    import("../../src/bulk/start-import.ts"),
    import("../../src/reconcile/create-with-reconcile.ts"),
  ]);
}

/**
 * Installs fake `setTimeout`, `clearTimeout` and `Date` around every test of the enclosing suite,
 * starting at `FAKE_EPOCH`. `setImmediate` stays real: `settle` needs real turns of the event loop.
 */
export function useFakeTime(): void {
  beforeAll(loadOnDemandCode);
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: FAKE_EPOCH });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** How a promise settled, and when, in fake milliseconds since the epoch. */
export type Settled<T> = SettledWithFakeTime<T>;

/** Options of `settle`: `settleWithFakeTime`'s, with vitest's clock filled in. */
export type SettleOptions = Omit<SettleWithFakeTimeOptions, "advance">;

/**
 * Runs `promise` to its end under the fake timers `useFakeTime` installs, and says how and when it
 * settled: `settleWithFakeTime` from `@intercom-leads/testing/node`, driven by vitest's clock.
 */
export function settle<T>(promise: Promise<T>, options: SettleOptions = {}): Promise<Settled<T>> {
  return settleWithFakeTime(promise, { advance: (ms) => vi.advanceTimersByTimeAsync(ms), ...options });
}

/** `settle`, then the value, or the rejection rethrown: `await drive(client.createLead(input))`. */
export async function drive<T>(promise: Promise<T>, options?: SettleOptions): Promise<T> {
  const outcome = await settle(promise, options);
  if (outcome.status === "rejected") throw outcome.reason;
  return outcome.value;
}
