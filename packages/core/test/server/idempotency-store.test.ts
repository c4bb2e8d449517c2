import { IDEMPOTENCY_CONTRACT_CHECKS, idempotencyStoreContract } from "@intercom-leads/testing";
import { describe, expect, it } from "vitest";
import { memoryIdempotencyStore } from "../../src/server/index.ts";

const TIMES = { leaseMs: 60_000, retentionMs: 86_400_000 };

describe("memoryIdempotencyStore", () => {
  it("passes the IdempotencyStore contract on an injected clock", async () => {
    let clock = Date.UTC(2026, 2, 2, 9);
    const results = await idempotencyStoreContract({
      open: () => memoryIdempotencyStore({ now: () => clock }),
      advance: (ms) => {
        clock += ms;
      },
      now: () => clock,
      times: TIMES,
      concurrency: 50,
    });
    expect(results.map((result) => result.name)).toEqual([...IDEMPOTENCY_CONTRACT_CHECKS]);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results).toHaveLength(11);
  });

  it("passes it on the real clock too, with leases of milliseconds", async () => {
    // Real waits of 20 to 61 ms per timed check: the store's default clock is what is under test here.
    const results = await idempotencyStoreContract({
      open: () => memoryIdempotencyStore(),
      times: { leaseMs: 20, retentionMs: 60 },
    });
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });

  it("the contract fails a store that lets two concurrent claims both win", async () => {
    // A store that reads, awaits, then writes: what a non-atomic store (Workers KV) would do.
    let clock = 0;
    const open = () => {
      const inner = memoryIdempotencyStore({ now: () => clock });
      const seen = new Set<string>();
      return {
        ...inner,
        async claim(key: string, fingerprint: string, times: typeof TIMES) {
          const fresh = !seen.has(key);
          await new Promise((resolve) => setTimeout(resolve, 1));
          seen.add(key);
          if (fresh) return { state: "claimed" as const, token: crypto.randomUUID(), unconfirmed: false, since: clock };
          return inner.claim(key, fingerprint, times);
        },
      };
    };
    const results = await idempotencyStoreContract({
      open,
      advance: (ms) => {
        clock += ms;
      },
      now: () => clock,
      times: TIMES,
      concurrency: 5,
    });
    expect(results.find((result) => result.name.startsWith("concurrent claims of one key"))).toEqual({
      name: "concurrent claims of one key: exactly one is claimed, the others in_flight",
      ok: false,
      detail:
        'ContractFailure: states: expected ["claimed","in_flight","in_flight","in_flight","in_flight"], got ["claimed","claimed","claimed","claimed","claimed"]',
    });
  });

  it("sweeps keys past their retention as new ones arrive, so it holds one window's keys", async () => {
    let clock = 0;
    const store = memoryIdempotencyStore({ now: () => clock });
    const long = { leaseMs: 1000, retentionMs: 10 * TIMES.retentionMs };
    await store.claim("kept", "f", long);
    for (let index = 0; index < 1000; index++) {
      const claim = await store.claim(`key-${index}`, "f", TIMES);
      if (claim.state === "claimed")
        await store.complete(`key-${index}`, claim.token, { status: 200, body: "{}", headers: {} }, TIMES);
    }
    expect(store.size).toBe(1001);
    clock += TIMES.retentionMs + 1;
    await store.claim("new", "f", TIMES);
    // The long-lived key stays; the 1,000 expired ones behind it are gone, though it sits in front of them.
    expect(store.size).toBe(2);
    // Still remembered: its lease ran out with no outcome, so it is taken over unconfirmed.
    expect(await store.claim("kept", "f", long)).toMatchObject({ state: "claimed", unconfirmed: true, since: 0 });
  });
});
