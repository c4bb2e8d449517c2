// rateLimitBinding over workerd's own Workers Rate Limiting binding (Miniflare's `ratelimits`).
import type { RateLimitDecision } from "@intercom-leads/core/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inOneWindow } from "./support/one-window.ts";
import { bundleWorker, startWorker, type TestWorker } from "./support/workerd.ts";

const LIMIT = 3;
const rule = { requests: LIMIT, windowSeconds: 60 };

let worker: TestWorker;
beforeAll(async () => {
  worker = await startWorker(await bundleWorker("stores-worker"), {
    durableObjects: { IDEMPOTENCY: "IntercomIdempotencyStore", CLOCKED: "ClockedIdempotencyStore" },
    ratelimits: { LIMITER: { namespace_id: "1001", simple: { limit: LIMIT, period: 60 } } },
    bindings: { FAKE_URL: "http://127.0.0.1:9", TOKEN: "unused", RULE: "{}" },
  });
});
afterAll(async () => {
  await worker?.miniflare.dispose();
});

type Answer = { result?: RateLimitDecision; thrown?: { name: string; message: string } };
const hit = (key: string, body: Record<string, unknown> = {}) => worker.post<Answer>("/limit", { key, rule, ...body });

it("allows the binding's limit per key, then refuses with the period as Retry-After", async () => {
  const [first, second] = await inOneWindow(60, async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const answers: Answer[] = [];
    for (let i = 0; i <= LIMIT; i++) answers.push(await hit(a));
    // Another key has its own count.
    return [answers, await hit(b)] as const;
  });
  expect(first).toEqual([
    ...Array.from({ length: LIMIT }, () => ({ result: { allowed: true } })),
    { result: { allowed: false, retryAfterSeconds: 60 } },
  ]);
  expect(second).toEqual({ result: { allowed: true } });
});

it("lets exactly the limit through of many concurrent hits on one key", async () => {
  const answers = await inOneWindow(60, () => {
    const key = crypto.randomUUID();
    return Promise.all(Array.from({ length: 12 }, () => hit(key)));
  });
  expect(answers.filter((answer) => answer.result?.allowed)).toHaveLength(LIMIT);
  expect(answers.filter((answer) => answer.result?.allowed === false)).toHaveLength(12 - LIMIT);
});

it("refuses a handler rule that differs from the binding's declared configuration, counting nothing", async () => {
  const key = crypto.randomUUID();
  const options = { limit: LIMIT, period: 60 };
  expect(await hit(key, { options, rule: { requests: 5, windowSeconds: 60 } })).toEqual({
    thrown: {
      name: "IntercomConfigError",
      message: "rateLimit is 5 per 60 s but the Rate Limiting binding is configured for 3 per 60 s: make them the same",
    },
  });
  expect(await hit(key, { options, rule: { requests: LIMIT, windowSeconds: 10 } })).toMatchObject({
    thrown: { name: "IntercomConfigError", message: expect.stringContaining("configured for 3 per 60 s") },
  });
  // Nothing was counted for those: the whole limit is still there.
  const answers = await inOneWindow(60, async () => {
    const fresh = crypto.randomUUID();
    await hit(fresh, { options, rule: { requests: 5, windowSeconds: 60 } });
    const list: Answer[] = [];
    for (let i = 0; i < LIMIT; i++) list.push(await hit(fresh, { options }));
    return list;
  });
  expect(answers).toEqual(Array.from({ length: LIMIT }, () => ({ result: { allowed: true } })));
});

it("refuses a window the binding cannot have (only 10 or 60 s)", async () => {
  expect(await hit(crypto.randomUUID(), { rule: { requests: LIMIT, windowSeconds: 30 } })).toEqual({
    thrown: {
      name: "IntercomConfigError",
      message: "rateLimit.windowSeconds must be 10 or 60 with a Rate Limiting binding (its only periods), not 30",
    },
  });
});

it.each([
  [{ binding: null }, "rateLimitBinding needs a Rate Limiting binding (env.<NAME> from [[ratelimits]])"],
  [{ binding: {} }, "rateLimitBinding needs a Rate Limiting binding (env.<NAME> from [[ratelimits]])"],
  [{ options: { limit: 0 } }, "limit must be a positive integer, the binding's simple.limit, not 0"],
  [{ options: { period: 30 } }, "period must be 10 or 60, the binding's simple.period, not 30"],
])("refuses to build over %j", async (body, message) => {
  const binding = "binding" in body ? body.binding : "LIMITER";
  expect(await worker.post("/binding", { ...body, binding })).toEqual({
    thrown: { name: "IntercomConfigError", message },
  });
});
