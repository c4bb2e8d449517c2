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
    import("../../src/governor/rate-governor.ts"),
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
export type Settled<T> = PromiseSettledResult<T> & { at: number };

/** Options of `settle`. */
export interface SettleOptions {
  /**
   * Fake milliseconds to move per real turn of the event loop.
   * @default 100
   */
  stepMs?: number;
  /**
   * Fake milliseconds after which to give up: a promise that never settles (a wait that is never
   * woken) fails the test with a clear message instead of spinning until the test's timeout.
   * @default 600_000
   */
  limitMs?: number;
}

/**
 * Runs `promise` to its end under fake timers and says how and when it settled.
 *
 * Fake time moves `stepMs` per real turn of the event loop. Timers fire at their exact fake instant,
 * and the fake timers let promise callbacks run after each one, so in-process work (a request through
 * the fake, a governor's bookkeeping) completes before the clock moves on: timestamps are exact.
 * `vi.runAllTimersAsync()` is no substitute: it also fires far-future timers (a client's 20-second
 * timeout) and jumps the clock past what is being measured.
 */
export async function settle<T>(
  promise: Promise<T>,
  { stepMs = 100, limitMs = 600_000 }: SettleOptions = {},
): Promise<Settled<T>> {
  let outcome: Settled<T> | undefined;
  promise.then(
    (value) => (outcome = { status: "fulfilled", value, at: Date.now() }),
    (reason: unknown) => (outcome = { status: "rejected", reason, at: Date.now() }),
  );
  const giveUpAt = Date.now() + limitMs;
  while (!outcome) {
    if (Date.now() >= giveUpAt) throw new Error(`did not settle within ${limitMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(stepMs);
    // A real turn (setImmediate is not faked), in case anything waits on more than promises.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return outcome;
}

/** `settle`, then the value, or the rejection rethrown: `await drive(client.createLead(input))`. */
export async function drive<T>(promise: Promise<T>, options?: SettleOptions): Promise<T> {
  const outcome = await settle(promise, options);
  if (outcome.status === "rejected") throw outcome.reason;
  return outcome.value;
}
