import { type Governor, IntercomAbortError, IntercomConfigError } from "@intercom-leads/core";
import { RateGovernor, rateReport } from "@intercom-leads/core/governor";
import type { IntercomRateGovernor } from "./intercom-rate-governor.ts";
import type { SlotAnswer } from "./slot-ledger.ts";

/** What `durableGovernor` tells `onEvent`. */
export type GovernorEvent =
  | {
      /** The governor object could not be reached (an error, or no answer within `timeoutMs`): this client paces itself for `fallbackMs`. */
      readonly type: "governor_fallback";
      /** What the call to the object threw, or the timeout. */
      readonly error: unknown;
    }
  | {
      /** The object answered again after a fallback: the client shares the window again. */
      readonly type: "governor_restored";
    };

/** Options of `durableGovernor`. */
export interface DurableGovernorOptions {
  /**
   * Names the governor object (`idFromName(name)`): one per Intercom workspace, so clients of the same
   * workspace must use the same name, and clients of another workspace another.
   * @default "intercom"
   */
  name?: string;
  /**
   * Told when the client falls back to its own governor, and when it shares the window again. Its
   * errors are ignored.
   * @default undefined
   */
  onEvent?: (event: GovernorEvent) => void;
  /**
   * How long after its slot opens a call holds it, in milliseconds. A holder that never reports back
   * (an isolate that died mid-call) loses the slot then, and the window counts it as spent. Keep it
   * above the client's `timeout`, so no call still under way loses its slot.
   * @default 30_000
   */
  leaseMs?: number;
  /**
   * How long to wait for the object's answer, in milliseconds, before pacing on this client's own.
   * @default 1_000
   */
  timeoutMs?: number;
  /**
   * After a failure, how long this client paces on its own before asking the object again, in milliseconds.
   * @default 10_000
   */
  fallbackMs?: number;
}

/** A `Governor` shared through a Durable Object. */
export interface DurableGovernor extends Governor {
  /**
   * Resolves once every report sent to the object so far has arrived (or failed). A Worker that answers
   * before its calls' reports arrive may have them cancelled: pass this to `ctx.waitUntil`. A lost report
   * costs its slot until the lease ends, never a create.
   */
  settled(): Promise<void>;
}

const noop = (): void => {};

/** Waits `ms`, or less when `signal` aborts; resolves either way. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function positive(value: unknown, name: string): void {
  if (value !== undefined && !(typeof value === "number" && value > 0 && Number.isFinite(value)))
    throw new IntercomConfigError(`durableGovernor: ${name} must be a number of milliseconds above 0`);
}

/**
 * A `Governor` for `createIntercom({ governor })` that every isolate shares: each call asks one
 * `IntercomRateGovernor` object for a send slot, and reports its answer's `X-RateLimit-*` headers back,
 * so all isolates split one Intercom rate window instead of each racing for all of it. When the object
 * cannot be reached (an error, or no answer within `timeoutMs`) the client paces itself with a
 * `RateGovernor` of its own for `fallbackMs`, says so through `onEvent`, and never fails a create for it.
 *
 * @example
 * export { IntercomRateGovernor } from "@intercom-leads/cloudflare";
 * const intercom = createIntercom({ token: env.INTERCOM_TOKEN, governor: durableGovernor(env.INTERCOM_GOVERNOR) });
 */
export function durableGovernor(
  namespace: DurableObjectNamespace<IntercomRateGovernor>,
  options: DurableGovernorOptions = {},
): DurableGovernor {
  if (typeof namespace?.idFromName !== "function") {
    throw new IntercomConfigError(
      "durableGovernor needs a Durable Object namespace bound to the IntercomRateGovernor class",
    );
  }
  const { name = "intercom", onEvent, leaseMs = 30_000, timeoutMs = 1_000, fallbackMs = 10_000 } = options;
  positive(leaseMs, "leaseMs");
  positive(timeoutMs, "timeoutMs");
  positive(fallbackMs, "fallbackMs");
  const id = namespace.idFromName(name);
  // A stub per call: a stub made while serving one request may not be usable from another.
  const object = () => namespace.get(id);
  const local = new RateGovernor();
  // Which governor let each call in flight go, oldest first: a lease of the object's, or `null` for the
  // local one. Calls overlap, so a release may close another call's lease than its own; the leases are
  // alike but for when they end, so the count stays right.
  const held: (string | null)[] = [];
  const reports = new Set<Promise<void>>();
  let localUntil = 0;
  let fallenBack = false;

  const tell = (event: GovernorEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's error must not fail a create.
    }
  };
  const report = (call: () => PromiseLike<unknown>): void => {
    const sent = Promise.resolve()
      .then(call)
      .then(noop, noop)
      .finally(() => reports.delete(sent));
    reports.add(sent);
  };

  /** The object's answer, or a throw after `timeoutMs` or an abort; a lease granted too late is given back. */
  const ask = (signal: AbortSignal | undefined): Promise<SlotAnswer> =>
    new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, answer?: SlotAnswer) => {
        if (settled) {
          if (answer && "lease" in answer) report(() => object().cancel(answer.lease));
          return;
        }
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        if (answer) resolve(answer);
        else reject(error);
      };
      const aborted = () => finish(signal?.reason);
      const timer = setTimeout(
        () => finish(new Error(`The governor object did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal?.addEventListener("abort", aborted, { once: true });
      Promise.resolve()
        // RPC types a union answer as a union of stubs: it is plain data.
        .then(() => object().acquire(leaseMs) as Promise<unknown> as Promise<SlotAnswer>)
        .then(
          (answer) => finish(undefined, answer),
          (error: unknown) => finish(error),
        );
    });

  /** A slot from the object: its lease, or `undefined` when the object failed and the local governor paces. */
  const fromObject = async (signal: AbortSignal | undefined, maybeCreated: boolean): Promise<string | undefined> => {
    for (;;) {
      let answer: SlotAnswer;
      try {
        answer = await ask(signal);
      } catch (error) {
        if (signal?.aborted) throw new IntercomAbortError(signal.reason, maybeCreated);
        localUntil = Date.now() + fallbackMs;
        fallenBack = true;
        tell({ type: "governor_fallback", error });
        return undefined;
      }
      if (fallenBack) {
        fallenBack = false;
        tell({ type: "governor_restored" });
      }
      const wait = "lease" in answer ? answer.waitMs : answer.retryMs;
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) {
        if ("lease" in answer) report(() => object().cancel(answer.lease));
        throw new IntercomAbortError(signal.reason, maybeCreated);
      }
      if ("lease" in answer) return answer.lease;
    }
  };

  const fromLocal = (signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> | undefined => {
    const wait = local.acquire(signal, maybeCreated);
    if (!wait) {
      held.push(null);
      return undefined;
    }
    return wait.then(() => {
      held.push(null);
    });
  };

  return {
    acquire(signal, maybeCreated) {
      if (Date.now() < localUntil) return fromLocal(signal, maybeCreated);
      return fromObject(signal, maybeCreated).then((lease) => {
        if (lease === undefined) return fromLocal(signal, maybeCreated);
        held.push(lease);
      });
    },
    release(response) {
      const lease = held.shift();
      if (lease === null) local.release(response);
      else if (lease !== undefined) {
        const answer = response ? rateReport(response) : null;
        report(() => object().release(lease, answer));
      }
    },
    settled: () => Promise.all([...reports]).then(noop),
  };
}
