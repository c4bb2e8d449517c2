import { setImmediate as realTurn } from "node:timers/promises";

/** How a promise settled, and when, in fake milliseconds since the epoch. */
export type SettledWithFakeTime<T> = PromiseSettledResult<T> & {
  /** `Date.now()` (the fake clock) when it settled. */
  readonly at: number;
};

/** Options of `settleWithFakeTime`. */
export interface SettleWithFakeTimeOptions {
  /**
   * Moves the fake clock and fires its timers, letting promise callbacks run between them:
   * `vi.advanceTimersByTimeAsync` in vitest, `jest.advanceTimersByTimeAsync` in Jest.
   */
  advance: (ms: number) => Promise<unknown>;
  /**
   * Fake milliseconds to move per real turn of the event loop.
   * @default 100
   */
  stepMs?: number;
  /**
   * Fake milliseconds after which to give up, so a promise that never settles fails with a clear
   * message instead of spinning until the test's own timeout.
   * @default 600_000
   */
  limitMs?: number;
}

/**
 * Runs `promise` to its end under fake timers (faked `setTimeout` and `Date`; `setImmediate` left
 * real) and says how and when it settled: the way to test a client against the fake Intercom through
 * rate windows, 429 retries, search lag and reconcile waits without waiting real seconds.
 *
 * Fake time moves `stepMs` per real turn of the event loop: fast enough that a wait of seconds costs
 * milliseconds, slow enough that in-process work (a request through the fake, which reads the same
 * faked `Date`) finishes long before a timeout it set could fire. Everything should run in-process
 * (the fake as the client's `fetch`), and code loaded with `import()` should be loaded first: real
 * I/O takes real turns while fake time races ahead. A clock-jumping `runAllTimers` is no substitute:
 * it also fires far-future timers (a client's 20-second timeout) and skips past what is measured.
 *
 * @example
 * vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
 * const outcome = await settleWithFakeTime(client.createLead(input), { advance: vi.advanceTimersByTimeAsync });
 */
export async function settleWithFakeTime<T>(
  promise: Promise<T>,
  { advance, stepMs = 100, limitMs = 600_000 }: SettleWithFakeTimeOptions,
): Promise<SettledWithFakeTime<T>> {
  let outcome: SettledWithFakeTime<T> | undefined;
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
    await advance(stepMs);
    // A real turn of the event loop, for anything that waits on more than promises.
    await realTurn();
  }
  return outcome;
}
