import type { IdempotencyClaim, IdempotencyStore, IdempotencyTimes, StoredAnswer } from "@intercom-leads/core/server";

/** Options of `idempotencyStoreContract`. */
export interface IdempotencyContractOptions {
  /** A new, empty store: each check gets its own, so no check sees another's keys. */
  open: () => IdempotencyStore | Promise<IdempotencyStore>;
  /**
   * Lets `ms` pass on the clock the store reads. Give one when the store takes an injected clock;
   * without, the checks wait real time, so keep `times` short (tens of milliseconds).
   * @default a real wait of `ms` (setTimeout)
   */
  advance?: (ms: number) => void | Promise<void>;
  /**
   * The clock the store reads, in milliseconds since the epoch (to check `since`).
   * @default () => Date.now()
   */
  now?: () => number;
  /**
   * The lease and retention the checks use.
   * @default { leaseMs: 1000, retentionMs: 60_000 }
   */
  times?: IdempotencyTimes;
  /**
   * How many claims of one key run at once in the concurrency check.
   * @default 25
   */
  concurrency?: number;
}

/** One check of the contract, as it ended. */
export interface IdempotencyContractResult {
  /** What the check asserts, e.g. "concurrent claims of one key: exactly one is claimed". */
  readonly name: string;
  readonly ok: boolean;
  /** Empty when it passed; what differed, or what was thrown, when it failed. */
  readonly detail: string;
}

/** Context each check runs with. */
interface Run {
  store: IdempotencyStore;
  times: IdempotencyTimes;
  advance: (ms: number) => Promise<void>;
  now: () => number;
  concurrency: number;
}

class ContractFailure extends Error {
  override name = "ContractFailure";
}

// Sorted keys, so two equal records compare equal whatever order a store gives their fields.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "undefined";
}

function same(actual: unknown, expected: unknown, what: string): void {
  if (canonical(actual) !== canonical(expected))
    throw new ContractFailure(`${what}: expected ${canonical(expected)}, got ${canonical(actual)}`);
}

function holds(condition: boolean, what: string): void {
  if (!condition) throw new ContractFailure(what);
}

async function claimed(
  run: Run,
  key: string,
  fingerprint: string,
  what: string,
): Promise<IdempotencyClaim & { state: "claimed" }> {
  const claim = await run.store.claim(key, fingerprint, run.times);
  if (claim.state !== "claimed") throw new ContractFailure(`${what}: expected claimed, got ${canonical(claim)}`);
  holds(typeof claim.token === "string" && claim.token !== "", `${what}: the token must be a non-empty string`);
  return claim;
}

const A = "fingerprint-a";
const B = "fingerprint-b";
const ANSWER: StoredAnswer = {
  status: 200,
  // Not ASCII, with escapes and a trailing newline: kept byte for byte.
  body: '{"type":"contact","id":"6762f0d1","name":"Zoë Brontë \\u2014 \\"Ω\\"","email":"zoe@example.com"}\n',
  headers: { "content-type": "application/json", "cache-control": "no-store" },
};

// The concurrency checks are about atomicity alone: with the short leases of a real-clock run, a busy
// machine could let the first claim's lease run out while the others queue, and a takeover is then right.
const UNEXPIRING: IdempotencyTimes = { leaseMs: 3_600_000, retentionMs: 3_600_000 };

const CHECKS: readonly (readonly [string, (run: Run) => Promise<void>])[] = [
  [
    "a free key is claimed, not unconfirmed, since now",
    async (run) => {
      const before = run.now();
      const claim = await claimed(run, "key-1", A, "first claim");
      same(claim.unconfirmed, false, "unconfirmed");
      holds(
        claim.since >= before && claim.since <= run.now(),
        `since ${claim.since} must be when it was claimed (${before}..${run.now()})`,
      );
    },
  ],
  [
    "a held key answers in_flight, with its own fingerprint and the lease left",
    async (run) => {
      await claimed(run, "key-1", A, "first claim");
      for (const fingerprint of [A, B]) {
        const claim = await run.store.claim("key-1", fingerprint, run.times);
        if (claim.state !== "in_flight") throw new ContractFailure(`expected in_flight, got ${canonical(claim)}`);
        same(claim.fingerprint, A, "in_flight fingerprint");
        holds(
          claim.retryAfterMs > 0 && claim.retryAfterMs <= run.times.leaseMs,
          `retryAfterMs ${claim.retryAfterMs} must be in (0, ${run.times.leaseMs}]`,
        );
      }
    },
  ],
  [
    "a completed key answers its stored answer byte for byte, to any body",
    async (run) => {
      const { token } = await claimed(run, "key-1", A, "first claim");
      await run.store.complete("key-1", token, ANSWER, run.times);
      for (const fingerprint of [A, B, A]) {
        same(
          await run.store.claim("key-1", fingerprint, run.times),
          { state: "completed", fingerprint: A, answer: ANSWER },
          `claim with ${fingerprint}`,
        );
      }
    },
  ],
  [
    "complete and release without the owner's token change nothing",
    async (run) => {
      const { token } = await claimed(run, "key-1", A, "first claim");
      await run.store.complete("key-1", `${token}-not`, ANSWER, run.times);
      await run.store.release("key-1", `${token}-not`, false, run.times);
      await run.store.release("key-1", `${token}-not`, true, run.times);
      same((await run.store.claim("key-1", A, run.times)).state, "in_flight", "after foreign complete and release");
    },
  ],
  [
    "a key released as not created is free again, for any body",
    async (run) => {
      const first = await claimed(run, "key-1", A, "first claim");
      await run.store.release("key-1", first.token, false, run.times);
      const again = await claimed(run, "key-1", B, "claim after release");
      same(again.unconfirmed, false, "unconfirmed");
      holds(again.token !== first.token, "a new claim gets a new token");
    },
  ],
  [
    "a key released unconfirmed is claimed unconfirmed by the same body, with its first claim's time",
    async (run) => {
      const first = await claimed(run, "key-1", A, "first claim");
      await run.store.release("key-1", first.token, true, run.times);
      await run.advance(10);
      same(
        await run.store.claim("key-1", B, run.times),
        { state: "unconfirmed", fingerprint: A },
        "claim with another body",
      );
      const again = await claimed(run, "key-1", A, "claim with the same body");
      same([again.unconfirmed, again.since], [true, first.since], "[unconfirmed, since]");
      holds(again.token !== first.token, "a new claim gets a new token");
      same((await run.store.claim("key-1", A, run.times)).state, "in_flight", "the taken-over key is held");
      // Released unconfirmed again (the lookup failed), it stays unconfirmed with the same time.
      await run.store.release("key-1", again.token, true, run.times);
      const third = await claimed(run, "key-1", A, "third claim");
      same([third.unconfirmed, third.since], [true, first.since], "[unconfirmed, since] of the third claim");
    },
  ],
  [
    "a lease that ran out is taken over unconfirmed, by the same body only",
    async (run) => {
      const first = await claimed(run, "key-1", A, "first claim");
      await run.advance(run.times.leaseMs + 1);
      same(
        await run.store.claim("key-1", B, run.times),
        { state: "unconfirmed", fingerprint: A },
        "claim with another body",
      );
      const again = await claimed(run, "key-1", A, "claim after the lease");
      same([again.unconfirmed, again.since], [true, first.since], "[unconfirmed, since]");
      // The first owner lost the key: what it says now changes nothing.
      await run.store.complete("key-1", first.token, { ...ANSWER, body: "late" }, run.times);
      await run.store.release("key-1", first.token, false, run.times);
      same((await run.store.claim("key-1", A, run.times)).state, "in_flight", "after the first owner's late word");
      await run.store.complete("key-1", again.token, ANSWER, run.times);
      same(
        await run.store.claim("key-1", A, run.times),
        { state: "completed", fingerprint: A, answer: ANSWER },
        "after the new owner completed",
      );
    },
  ],
  [
    "an owner whose lease ran out, not taken over, still completes",
    async (run) => {
      const { token } = await claimed(run, "key-1", A, "first claim");
      await run.advance(run.times.leaseMs + 1);
      await run.store.complete("key-1", token, ANSWER, run.times);
      same(
        await run.store.claim("key-1", A, run.times),
        { state: "completed", fingerprint: A, answer: ANSWER },
        "claim after a late complete",
      );
    },
  ],
  [
    "keys are forgotten after their retention, completed or unconfirmed",
    async (run) => {
      const done = await claimed(run, "key-done", A, "claim of key-done");
      await run.store.complete("key-done", done.token, ANSWER, run.times);
      const open = await claimed(run, "key-open", A, "claim of key-open");
      await run.store.release("key-open", open.token, true, run.times);
      await run.advance(run.times.retentionMs + 1);
      for (const key of ["key-done", "key-open"]) {
        const claim = await claimed(run, key, B, `${key} after its retention`);
        same(claim.unconfirmed, false, `${key}: unconfirmed`);
      }
    },
  ],
  [
    "concurrent claims of one key: exactly one is claimed, the others in_flight",
    async (run) => {
      const claims = await Promise.all(
        Array.from({ length: run.concurrency }, () => run.store.claim("key-1", A, UNEXPIRING)),
      );
      same(
        claims.map((claim) => claim.state).sort(),
        ["claimed", ...Array.from({ length: run.concurrency - 1 }, () => "in_flight")].sort(),
        "states",
      );
    },
  ],
  [
    "concurrent claims of different keys are each claimed",
    async (run) => {
      const claims = await Promise.all(
        Array.from({ length: run.concurrency }, (_, index) => run.store.claim(`key-${index}`, A, UNEXPIRING)),
      );
      same(
        claims.map((claim) => claim.state),
        claims.map(() => "claimed"),
        "states",
      );
    },
  ],
];

/** The names of the contract's checks, in the order `idempotencyStoreContract` runs them. */
export const IDEMPOTENCY_CONTRACT_CHECKS: readonly string[] = CHECKS.map(([name]) => name);

/**
 * Runs the `IdempotencyStore` contract against a store: claims, answers kept byte for byte, tokens,
 * release (free or unconfirmed), leases running out, retention, and concurrent claims of one key
 * (exactly one wins). Web APIs only and no test runner, so it runs in Node, Deno, Bun and workerd;
 * assert that every result is `ok`. Each check opens a fresh store.
 *
 * @example
 * const results = await idempotencyStoreContract({ open: () => memoryIdempotencyStore({ now: () => clock }), advance: (ms) => { clock += ms; }, now: () => clock });
 * expect(results.filter((result) => !result.ok)).toEqual([]);
 */
export async function idempotencyStoreContract(
  options: IdempotencyContractOptions,
): Promise<IdempotencyContractResult[]> {
  const {
    open,
    advance = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now = () => Date.now(),
    times = { leaseMs: 1000, retentionMs: 60_000 },
    concurrency = 25,
  } = options;
  const results: IdempotencyContractResult[] = [];
  for (const [name, check] of CHECKS) {
    try {
      await check({ store: await open(), times, advance: async (ms) => advance(ms), now, concurrency });
      results.push({ name, ok: true, detail: "" });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return results;
}
