// A module Worker for the tests: the package's stores over fetch, and the lead handler using them.
// Bundled by esbuild (test/support/workerd.ts) and run in workerd by Miniflare, with no nodejs_compat.
import type { IdempotencyStore, IdempotencyTimes, RateLimitRule, StoredAnswer } from "@intercom-leads/core/server";
import { createLeadHandler, type FetchHandler } from "@intercom-leads/core/server";
import { idempotencyStoreContract } from "@intercom-leads/testing";
import {
  durableIdempotencyStore,
  IntercomIdempotencyStore,
  type RateLimitBindingOptions,
  rateLimitBinding,
  type WorkersRateLimit,
} from "../../src/index.ts";

// The class exactly as a user's Worker re-exports it.
export { IntercomIdempotencyStore };

/**
 * The test's clock: it moves only when the test says, so times are exact. It starts in 2100, so the
 * alarms it sets never fire on their own during a run. The Worker and its Durable Objects share one
 * isolate in workerd, so this one variable is every object's clock.
 */
let nowMs = Date.UTC(2100, 0, 1);

/** The same object with a clock the test moves forward, so leases and retention end without waiting. */
export class ClockedIdempotencyStore extends IntercomIdempotencyStore {
  protected override now(): number {
    return nowMs;
  }

  /** Runs the alarm now (Miniflare cannot fire one on demand) and lists what storage still holds. */
  async alarmNow(): Promise<string[]> {
    await this.alarm();
    return [...(await this.ctx.storage.list()).keys()];
  }

  /** The keys storage holds, and when the alarm is set. */
  async inspect(): Promise<{ keys: string[]; alarm: number | null }> {
    return { keys: [...(await this.ctx.storage.list()).keys()], alarm: await this.ctx.storage.getAlarm() };
  }
}

interface Env {
  IDEMPOTENCY: DurableObjectNamespace<IntercomIdempotencyStore>;
  CLOCKED: DurableObjectNamespace<ClockedIdempotencyStore>;
  LIMITER: WorkersRateLimit;
  FAKE_URL: string;
  TOKEN: string;
  /** The handler's `rateLimit` rule (the binding's configuration), as JSON. */
  RULE: string;
}

/** One store call, as the test sends it. */
type StoreCall =
  | { op: "claim"; key: string; fingerprint: string; times: IdempotencyTimes }
  | { op: "complete"; key: string; token: string; answer: StoredAnswer; times: IdempotencyTimes }
  | { op: "release"; key: string; token: string; unconfirmed: boolean; times: IdempotencyTimes };

/**
 * A fresh, empty store for each check of the contract: the same objects, under keys of its own
 * (the contract's checks reuse names such as "key-1").
 */
function freshStore<S extends IntercomIdempotencyStore>(namespace: DurableObjectNamespace<S>): IdempotencyStore {
  const store = durableIdempotencyStore(namespace);
  const prefix = `${crypto.randomUUID()}:`;
  return {
    claim: (key, fingerprint, times) => store.claim(prefix + key, fingerprint, times),
    complete: (key, token, answer, times) => store.complete(prefix + key, token, answer, times),
    release: (key, token, unconfirmed, times) => store.release(prefix + key, token, unconfirmed, times),
  };
}

/** `@intercom-leads/testing`'s contract, run here in workerd on the test's clock: exact, and no waiting. */
function runContract(env: Env) {
  return idempotencyStoreContract({
    open: () => freshStore(env.CLOCKED),
    advance: (ms) => {
      nowMs += ms;
    },
    now: () => nowMs,
    times: { leaseMs: 30_000, retentionMs: 86_400_000 },
    concurrency: 50,
  });
}

function callStore(store: IdempotencyStore, call: StoreCall): Promise<unknown> {
  switch (call.op) {
    case "claim":
      return store.claim(call.key, call.fingerprint, call.times);
    case "complete":
      return store.complete(call.key, call.token, call.answer, call.times);
    case "release":
      return store.release(call.key, call.token, call.unconfirmed, call.times);
  }
}

/** A thrown error as JSON, so the test asserts its type and message. */
function thrown(error: unknown): Response {
  const { name, message } = error as Error;
  return Response.json({ thrown: { name, message } });
}

/**
 * The lead handler, one per route and isolate, upstream the fake Intercom:
 * `/limited/` with the Rate Limiting binding (`RULE` is its configuration), `/keyed/` with idempotency
 * keys in the Durable Object, `/keyed-memory/` with them in this isolate's memory (what the object fixes).
 */
const handlers = new Map<string, FetchHandler>();

function leadHandler(env: Env, route: string): FetchHandler {
  let handler = handlers.get(route);
  if (!handler) {
    const base = { token: env.TOKEN, baseUrl: env.FAKE_URL, allowedOrigins: "*" as const };
    const rule = JSON.parse(env.RULE) as RateLimitRule;
    handler = createLeadHandler(
      route === "limited"
        ? {
            ...base,
            rateLimit: { ...rule, store: rateLimitBinding(env.LIMITER, { limit: rule.requests, period: 60 }) },
          }
        : route === "keyed"
          ? { ...base, idempotency: { store: durableIdempotencyStore(env.IDEMPOTENCY) } }
          : { ...base, idempotency: {} },
    );
    handlers.set(route, handler);
  }
  return handler;
}

const worker: ExportedHandler<Env> = {
  async fetch(request, env): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      const route = /^\/(limited|keyed|keyed-memory)\//.exec(pathname)?.[1];
      if (route) return await leadHandler(env, route)(request);
      const body = (await request.json()) as Record<string, unknown>;
      switch (pathname) {
        case "/store/real":
          return Response.json({
            result: await callStore(durableIdempotencyStore(env.IDEMPOTENCY), body as StoreCall),
          });
        case "/store/clocked":
          return Response.json({ result: await callStore(durableIdempotencyStore(env.CLOCKED), body as StoreCall) });
        case "/contract":
          return Response.json(await runContract(env));
        case "/clock":
          nowMs += body.advanceMs as number;
          return Response.json({ nowMs });
        case "/alarm":
          return Response.json({ keys: await env.CLOCKED.getByName(body.key as string).alarmNow() });
        case "/inspect":
          return Response.json(await env.CLOCKED.getByName(body.key as string).inspect());
        case "/limit": {
          const store = rateLimitBinding(env.LIMITER, body.options as RateLimitBindingOptions);
          return Response.json({ result: await store.hit(body.key as string, body.rule as RateLimitRule) });
        }
        case "/binding": {
          // Builds the store over the real binding ("LIMITER") or whatever JSON the test passes instead.
          const binding = body.binding === "LIMITER" ? env.LIMITER : (body.binding as WorkersRateLimit);
          rateLimitBinding(binding, body.options as RateLimitBindingOptions);
          return Response.json({ built: true });
        }
        default:
          return new Response("no such route", { status: 404 });
      }
    } catch (error) {
      return thrown(error);
    }
  },
};

export default worker;
