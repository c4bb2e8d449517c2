// The Durable Object idempotency store in workerd: @intercom-leads/testing's contract run inside the
// Worker, and what is the object's own (exact lease and retention edges, the retention alarm).
import type { IdempotencyClaim, IdempotencyStore, StoredAnswer } from "@intercom-leads/core/server";
import { IDEMPOTENCY_CONTRACT_CHECKS, type IdempotencyContractResult } from "@intercom-leads/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteStore } from "./support/remote-store.ts";
import { bundleWorker, startWorker, type TestWorker } from "./support/workerd.ts";

const times = { leaseMs: 30_000, retentionMs: 86_400_000 };
const answer: StoredAnswer = {
  status: 200,
  body: '{"type":"contact","id":"c1"}',
  headers: { "content-type": "application/json" },
};

let worker: TestWorker;
/** The class with the test's clock, called from here over fetch. */
let store: IdempotencyStore;

beforeAll(async () => {
  worker = await startWorker(await bundleWorker("stores-worker"), {
    durableObjects: { IDEMPOTENCY: "IntercomIdempotencyStore", CLOCKED: "ClockedIdempotencyStore" },
    bindings: { FAKE_URL: "http://127.0.0.1:9", TOKEN: "unused", RULE: "{}" },
  });
  store = remoteStore(worker, "clocked");
});
afterAll(async () => {
  await worker?.miniflare.dispose();
});

const advance = (ms: number) => worker.post("/clock", { advanceMs: ms });

describe("the IdempotencyStore contract, run in workerd", () => {
  it("passes on the test's clock, with 50 concurrent claims of one key", async () => {
    const results = await worker.post<IdempotencyContractResult[]>("/contract", {});
    expect(results.map((result) => result.name)).toEqual([...IDEMPOTENCY_CONTRACT_CHECKS]);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });

  it("IntercomIdempotencyStore exactly as exported (the system clock) lets exactly one of 20 concurrent claims win", async () => {
    // The contract runs on a subclass that only replaces the clock; this is the class users bind.
    const real = remoteStore(worker, "real");
    const key = crypto.randomUUID();
    const claims = await Promise.all(Array.from({ length: 20 }, () => real.claim(key, "fp-1", times)));
    expect(claims.filter((claim) => claim.state === "claimed")).toHaveLength(1);
    expect(claims.filter((claim) => claim.state === "in_flight")).toHaveLength(19);
  });
});

async function claimed(key: string, fingerprint = "fp-1"): Promise<IdempotencyClaim & { state: "claimed" }> {
  const claim = await store.claim(key, fingerprint, times);
  expect(claim.state).toBe("claimed");
  return claim as IdempotencyClaim & { state: "claimed" };
}

describe("the object's own clock edges", () => {
  it("holds a lease to the millisecond, then lets the same body take it over", async () => {
    const key = crypto.randomUUID();
    const first = await claimed(key);
    await advance(times.leaseMs - 1);
    expect(await store.claim(key, "fp-other", times)).toEqual({
      state: "in_flight",
      fingerprint: "fp-1",
      retryAfterMs: 1,
    });
    await advance(1);
    expect(await store.claim(key, "fp-1", times)).toEqual({
      state: "claimed",
      token: expect.any(String),
      unconfirmed: true,
      since: first.since,
    });
  });

  it("remembers a completed key for retentionMs after its outcome, to the millisecond", async () => {
    const key = crypto.randomUUID();
    const { token } = await claimed(key);
    await advance(5_000);
    await store.complete(key, token, answer, times);
    await advance(times.retentionMs - 1);
    expect(await store.claim(key, "fp-other", times)).toEqual({ state: "completed", fingerprint: "fp-1", answer });
    await advance(1);
    expect(await store.claim(key, "fp-other", times)).toMatchObject({ state: "claimed", unconfirmed: false });
  });
});

describe("the retention alarm", () => {
  it("is set with the first record, and deletes the record (and itself) once retention has ended", async () => {
    const key = crypto.randomUUID();
    const { token } = await claimed(key);
    await store.complete(key, token, answer, times);
    const { keys, alarm } = await worker.post<{ keys: string[]; alarm: number | null }>("/inspect", { key });
    expect(keys).toEqual([key]);
    expect(alarm).toEqual(expect.any(Number));
    // Early (the outcome came after the claim, so the record outlives the first alarm): the record stays.
    expect(await worker.post("/alarm", { key })).toEqual({ keys: [key] });
    await advance(times.retentionMs);
    expect(await worker.post("/alarm", { key })).toEqual({ keys: [] });
    expect(await worker.post("/inspect", { key })).toEqual({ keys: [], alarm: null });
  });

  it("leaves nothing behind for a key released as not created", async () => {
    const key = crypto.randomUUID();
    const { token } = await claimed(key);
    await store.release(key, token, false, times);
    expect(await worker.post("/inspect", { key })).toMatchObject({ keys: [] });
    expect(await worker.post("/alarm", { key })).toEqual({ keys: [] });
    expect(await worker.post("/inspect", { key })).toEqual({ keys: [], alarm: null });
  });
});
