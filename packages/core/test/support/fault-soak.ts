/**
 * The bulk fault soak: an import with every fault the fake can inject sprinkled through it, run
 * in-process under fake time (install it first: `useFakeTime()`). The main suite runs a small one;
 * `pnpm test:soak` runs the 1,000-input one. Both are this code, differing only in size.
 */

import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeFault, type FakeIntercom } from "@intercom-leads/testing";
import { expect, vi } from "vitest";
import { createIntercom, type LeadResult } from "../../src/index.ts";
import { drive } from "./fake-time.ts";
import { IN_PROCESS_BASE_URL } from "./use-in-process-intercom.ts";

/** Every fault the fake can inject on a create, as a bulk import meets them. */
export const SOAK_FAULTS: readonly FakeFault[] = [
  { kind: "rate-limit" },
  { kind: "server-error", stored: true },
  { kind: "server-error", status: 503, stored: false },
  { kind: "html-502", stored: true },
  { kind: "html-502", stored: false },
  { kind: "slow", delayMs: 800, stored: true },
  { kind: "slow", delayMs: 800, stored: false },
  { kind: "drop-connection", stored: true },
  { kind: "drop-connection", stored: false },
];

/** The seed both runs use unless told otherwise. */
export const SOAK_SEED = 20261127;

/** A small seeded generator (xorshift32) of numbers in [0, 1). */
export function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

export const faultName = (fault: FakeFault): string => `${fault.kind}${"stored" in fault ? `:${fault.stored}` : ""}`;

/** Faults from a seeded, reshuffled bag: random order, yet any `SOAK_FAULTS.length` in a row meet every kind. */
function faultBag(random: () => number): () => FakeFault {
  let bag: FakeFault[] = [];
  return () => {
    if (bag.length === 0) {
      bag = [...SOAK_FAULTS];
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [bag[i], bag[j]] = [bag[j]!, bag[i]!];
      }
    }
    return bag.pop()!;
  };
}

type SoakInput = { email: string; name?: string };

/** What a soak run leaves behind to check. */
export interface FaultSoakReport {
  inputs: SoakInput[];
  results: LeadResult<SoakInput, unknown>[];
  fake: FakeIntercom;
  /** How many times each fault was injected, by `faultName`, plus `search:503`. */
  injected: Map<string, number>;
}

/**
 * Imports `inputs` leads (1 in 97 with an invalid email) through a fake that faults 8% of creates
 * and 10% of lookups. Each kind of decision draws from its own seeded stream, and the retry jitter
 * (`Math.random`) is seeded too: under fake time a run replays exactly, failures included.
 */
export async function runFaultSoak({
  inputs: count,
  seed = SOAK_SEED,
}: {
  inputs: number;
  seed?: number;
}): Promise<FaultSoakReport> {
  const fake = createFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 }, searchLagMs: 150 });
  const createDraw = xorshift(seed);
  const searchDraw = xorshift(seed ^ 0x5eed);
  const nextFault = faultBag(xorshift(seed ^ 0xbac));
  const injected = new Map<string, number>();
  const tally = (name: string): void => void injected.set(name, (injected.get(name) ?? 0) + 1);
  const fetch = (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    // Lookups fail now and then too: reconcile must look again, never conclude from a failed search.
    if (path === "/contacts/search" && searchDraw() < 0.1) {
      fake.inject({ kind: "server-error", status: 503, stored: false }, { route: "search" });
      tally("search:503");
    }
    if (request.method === "POST" && path === "/contacts" && createDraw() < 0.08) {
      const fault = nextFault();
      fake.inject(fault);
      tally(faultName(fault));
    }
    return fake.fetch(request);
  };

  const inputs = Array.from({ length: count }, (_, n) =>
    n % 97 === 13 ? { email: `not-an-email-${n}` } : { email: `lead${n}@example.com`, name: `Lead ${n}` },
  );
  const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: IN_PROCESS_BASE_URL, timeout: 400, fetch });
  const results: LeadResult<SoakInput, unknown>[] = [];
  const jitter = vi.spyOn(Math, "random").mockImplementation(xorshift(seed ^ 0x717));
  try {
    await drive(
      (async () => {
        for await (const result of intercom.createLeads(inputs, {
          concurrency: 16,
          reconcile: { waitMs: 3000, intervalMs: 100 },
        }))
          results.push(result);
      })(),
    );
  } finally {
    jitter.mockRestore();
  }
  return { inputs, results, fake, injected };
}

/** The soak's invariants: every fault met, one result per input, exactly one lead per valid input. */
export function expectExactlyOneLeadPerValidInput({ inputs, results, fake, injected }: FaultSoakReport): void {
  const valid = inputs.filter((input) => input.email.includes("@"));
  expect([...injected.keys()].sort()).toEqual([...SOAK_FAULTS.map(faultName), "search:503"].sort());
  // One result per input, none lost, none doubled.
  expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(inputs.map((_, n) => n));
  const failed = results.filter((result) => result.status === "failed");
  expect(failed.map((result) => result.input.email).sort()).toEqual(
    inputs
      .filter((input) => !input.email.includes("@"))
      .map((input) => input.email)
      .sort(),
  );
  expect(results.filter((result) => result.status === "created")).toHaveLength(valid.length);
  expect(results.some((result) => result.status === "created" && result.reconciled)).toBe(true);
  // The fake holds exactly one lead per valid input.
  expect(fake.leads.map((lead) => lead.body.email).sort()).toEqual(valid.map((input) => input.email).sort());
}
