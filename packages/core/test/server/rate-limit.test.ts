import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IntercomConfigError } from "../../src/index.ts";
import {
  clientAddress,
  createLeadHandler,
  type LeadHandlerEvent,
  memoryRateLimitStore,
  type RateLimitStore,
} from "../../src/server/index.ts";
import { FAKE_EPOCH } from "../support/fake-time.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const lead = { email: "winstonsmith@truth.org", name: "Winston Smith" };
const rule = { requests: 2, windowSeconds: 60 };

describe("memoryRateLimitStore", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: FAKE_EPOCH });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("allows `requests` per key per window, then says when the window ends", () => {
    const store = memoryRateLimitStore();
    expect(store.hit("a", rule)).toEqual({ allowed: true });
    vi.advanceTimersByTime(20_000);
    expect(store.hit("a", rule)).toEqual({ allowed: true });
    expect(store.hit("a", rule)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(store.hit("b", rule)).toEqual({ allowed: true });
    vi.advanceTimersByTime(39_500);
    expect(store.hit("a", rule)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(500);
    expect(store.hit("a", rule)).toEqual({ allowed: true });
  });

  it("holds at most maxKeys keys: ended windows are swept, then the oldest key is dropped", () => {
    const store = memoryRateLimitStore({ maxKeys: 3 });
    for (const key of ["a", "b", "c"]) store.hit(key, { requests: 1, windowSeconds: 60 });
    expect(store.hit("a", { requests: 1, windowSeconds: 60 }).allowed).toBe(false);
    // A fourth key drops "a", the oldest: its count starts afresh.
    expect(store.hit("d", { requests: 1, windowSeconds: 60 }).allowed).toBe(true);
    expect(store.hit("a", { requests: 1, windowSeconds: 60 }).allowed).toBe(true);
    // Now "b" went; "c" is still counted.
    expect(store.hit("c", { requests: 1, windowSeconds: 60 }).allowed).toBe(false);
  });

  it("sweeps ended windows before it drops a live key", () => {
    const store = memoryRateLimitStore({ maxKeys: 3 });
    const minute = { requests: 1, windowSeconds: 60 };
    const second = { requests: 1, windowSeconds: 1 };
    store.hit("live", minute);
    store.hit("a", second);
    store.hit("b", second);
    vi.advanceTimersByTime(1000);
    // Full: "a" and "b" have ended and go, so "live", the oldest, stays counted.
    store.hit("c", second);
    store.hit("d", second);
    expect(store.hit("live", minute).allowed).toBe(false);
  });

  it("refuses a maxKeys that is not a whole number >= 1", () => {
    expect(() => memoryRateLimitStore({ maxKeys: 0 })).toThrow(RangeError);
  });
});

describe("clientAddress", () => {
  const request = (headers: Record<string, string> = {}) => new Request("https://proxy.example/", { headers });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("reads Deno's info and what toNodeListener passes", () => {
    expect(clientAddress(request(), { remoteAddr: { hostname: "203.0.113.7", port: 1, transport: "tcp" } })).toBe(
      "203.0.113.7",
    );
  });

  it("reads Bun's server", () => {
    const server = {
      requestIP(this: unknown, r: Request) {
        expect(this).toBe(server);
        expect(r.url).toBe("https://proxy.example/");
        return { address: "2001:db8::1", family: "IPv6", port: 1 };
      },
    };
    expect(clientAddress(request(), server)).toBe("2001:db8::1");
    expect(clientAddress(request(), { requestIP: () => null })).toBeUndefined();
    expect(
      clientAddress(request(), {
        requestIP: () => {
          throw new Error("not Bun");
        },
      }),
    ).toBeUndefined();
  });

  it("reads CF-Connecting-IP only on Workers", () => {
    const headers = { "cf-connecting-ip": "198.51.100.4" };
    expect(clientAddress(request(headers), { INTERCOM_TOKEN: "x" })).toBeUndefined();
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    expect(clientAddress(request(headers), { INTERCOM_TOKEN: "x" })).toBe("198.51.100.4");
  });

  it("reads X-Forwarded-For only with trustProxy, and then its last entry, the one the proxy appended", () => {
    const headers = { "x-forwarded-for": "10.0.0.1, 192.0.2.9,  198.51.100.23 " };
    const info = { remoteAddr: { hostname: "127.0.0.1" } };
    expect(clientAddress(request(headers), info)).toBe("127.0.0.1");
    expect(clientAddress(request(headers), info, { trustProxy: true })).toBe("198.51.100.23");
    expect(clientAddress(request(), info, { trustProxy: true })).toBe("127.0.0.1");
  });

  it("is undefined when the runtime gives nothing", () => {
    expect(clientAddress(request())).toBeUndefined();
    expect(clientAddress(request(), { remoteAddr: { hostname: "" } })).toBeUndefined();
  });
});

describe("createLeadHandler with rateLimit, over HTTP", () => {
  const events: LeadHandlerEvent[] = [];
  const proxy = useLeadProxy({
    rateLimit: { requests: 5, windowSeconds: 60 },
    onEvent: (event) => events.push(event),
  });
  beforeEach(() => {
    events.length = 0;
  });

  it("answers the 6th request from one address 429 too_many_requests with Retry-After, sending nothing upstream", async () => {
    for (let i = 0; i < 5; i++) expect((await proxy.post({ ...lead, email: `a${i}@b.co` })).status).toBe(200);
    const response = await proxy.post(lead);
    expect(response.status).toBe(429);
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    // A page on another origin can read Retry-After only when it is exposed: the browser's client waits by it.
    expect(response.headers.get("access-control-expose-headers")).toBe("retry-after, idempotent-replayed");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await response.json()).toEqual({
      type: "error.list",
      errors: [{ code: "too_many_requests", message: "Too many leads from here; try again later" }],
    });
    expect(proxy.fake.requests).toHaveLength(5);
    expect(events.at(-1)).toEqual({ type: "refused", reason: "rate_limit", status: 429, ms: expect.any(Number) });
  });

  it("counts before reading the body: refused requests are cheap, and malformed ones count too", async () => {
    for (let i = 0; i < 5; i++) expect((await proxy.post("{not json")).status).toBe(400);
    expect((await proxy.post(lead)).status).toBe(429);
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("a flood of 200 concurrent requests from one address creates exactly 5 leads", { timeout: 15_000 }, async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => proxy.post({ ...lead, email: `flood${i}@b.co` })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(195);
    expect(proxy.fake.leads).toHaveLength(5);
    expect(proxy.fake.requests).toHaveLength(5);
    expect(events.filter((event) => event.type === "created")).toHaveLength(5);
    console.info(`rate-limit flood: 200 requests sent, ${proxy.fake.leads.length} leads created, 195 answered 429`);
  });
});

describe("createLeadHandler rateLimit keys", () => {
  const fake = createFakeIntercom({ rateLimit: false });
  const handler = (rateLimit: Parameters<typeof createLeadHandler>[0]["rateLimit"], onError?: (e: unknown) => void) =>
    createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      fetch: (request) => fake.fetch(request),
      allowedOrigins: [PAGE_ORIGIN],
      rateLimit,
      onError,
    });
  const post = (headers: Record<string, string> = {}) =>
    new Request("https://proxy.example/contacts", {
      method: "POST",
      headers: { origin: PAGE_ORIGIN, "content-type": "application/json", ...headers },
      body: JSON.stringify(lead),
    });
  const from = (hostname: string) => ({ remoteAddr: { hostname } });

  it("keys on each client's address: one client's flood leaves the others alone", async () => {
    const proxy = handler({ requests: 1, windowSeconds: 60 });
    expect((await proxy(post(), from("192.0.2.1"))).status).toBe(200);
    expect((await proxy(post(), from("192.0.2.1"))).status).toBe(429);
    expect((await proxy(post(), from("192.0.2.2"))).status).toBe(200);
  });

  it("puts clients without an address in one shared bucket", async () => {
    const proxy = handler({ requests: 1, windowSeconds: 60 });
    expect((await proxy(post())).status).toBe(200);
    expect((await proxy(post(), {})).status).toBe(429);
  });

  it("ignores X-Forwarded-For unless trustProxy, which keys on its last entry", async () => {
    const untrusted = handler({ requests: 1, windowSeconds: 60 });
    expect((await untrusted(post({ "x-forwarded-for": "1.1.1.1" }), from("10.0.0.1"))).status).toBe(200);
    expect((await untrusted(post({ "x-forwarded-for": "2.2.2.2" }), from("10.0.0.1"))).status).toBe(429);
    const trusted = handler({ requests: 1, windowSeconds: 60, trustProxy: true });
    expect((await trusted(post({ "x-forwarded-for": "6.6.6.6, 1.1.1.1" }), from("10.0.0.1"))).status).toBe(200);
    // A client cannot escape its bucket by prepending entries: the proxy's own (last) entry keys it.
    expect((await trusted(post({ "x-forwarded-for": "7.7.7.7, 1.1.1.1" }), from("10.0.0.1"))).status).toBe(429);
    expect((await trusted(post({ "x-forwarded-for": "2.2.2.2" }), from("10.0.0.1"))).status).toBe(200);
  });

  it("takes a key function, which may compose clientAddress", async () => {
    const proxy = handler({
      requests: 1,
      windowSeconds: 60,
      key: async (request, info) => `${clientAddress(request, info)}|${request.headers.get("x-form")}`,
    });
    expect((await proxy(post({ "x-form": "a" }), from("192.0.2.1"))).status).toBe(200);
    expect((await proxy(post({ "x-form": "b" }), from("192.0.2.1"))).status).toBe(200);
    expect((await proxy(post({ "x-form": "a" }), from("192.0.2.1"))).status).toBe(429);
  });

  it("fails closed with 503 when the store throws, and reports it", async () => {
    const errors: unknown[] = [];
    const broken: RateLimitStore = {
      hit: async () => {
        throw new Error("KV is down");
      },
    };
    const before = fake.requests.length;
    const response = await handler({ requests: 1, windowSeconds: 60, store: broken }, (e) => errors.push(e))(post());
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      type: "error.list",
      errors: [{ code: "rate_limit_unavailable", message: "Leads cannot be accepted right now" }],
      maybe_created: false,
    });
    expect(String(errors[0])).toBe("Error: KV is down");
    expect(fake.requests.length).toBe(before);
  });

  it("uses the given store with the rule", async () => {
    const hits: unknown[] = [];
    const store: RateLimitStore = {
      hit: (key, rule) => {
        hits.push([key, rule]);
        return { allowed: false, retryAfterSeconds: 17 };
      },
    };
    const response = await handler({ requests: 3, windowSeconds: 10, store })(post(), from("192.0.2.1"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("17");
    expect(hits).toEqual([["192.0.2.1", { requests: 3, windowSeconds: 10 }]]);
  });

  it.each([
    [{ requests: 0, windowSeconds: 60 }],
    [{ requests: 1.5, windowSeconds: 60 }],
    [{ requests: 5, windowSeconds: 0 }],
    [{ requests: 5 }],
  ])("refuses rateLimit %o", (rateLimit) => {
    expect(() => handler(rateLimit as never)).toThrow(
      new IntercomConfigError("rateLimit needs requests (a whole number > 0) and windowSeconds (> 0)"),
    );
  });
});
