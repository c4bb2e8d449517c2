import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createIntercom, IntercomConfigError } from "../../src/index.ts";
import {
  createLeadHandler,
  type IdempotencyStore,
  type LeadHandlerEvent,
  type LeadHandlerOptions,
  memoryIdempotencyStore,
} from "../../src/server/index.ts";
import { type LeadProxy, PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const julia = { email: "julia@truth.org", name: "Julia" };
const KEY = "6f1c9a52-1d1e-4b7a-9a57-2f0c1b0f7e11";
const REUSED = {
  type: "error.list",
  errors: [{ code: "idempotency_key_reused", message: "This Idempotency-Key was sent with another lead" }],
};
const UNCONFIRMED = {
  type: "error.list",
  errors: [{ code: "upstream_unconfirmed", message: "The lead may have been created; do not send it again" }],
  maybe_created: true,
};

// What each case left in the fake, for the closing note of issue 14.
const counts: string[] = [];
afterAll(() => {
  console.log(`[idempotency] lead counts per case:\n${counts.join("\n")}`);
});

interface Sent {
  status: number;
  text: string;
  replayed: string | null;
  headers: Headers;
}

async function send(proxy: LeadProxy, body: unknown, key = KEY, headers: Record<string, string> = {}): Promise<Sent> {
  const response = await proxy.post(body, { headers: { "idempotency-key": key, ...headers } });
  return {
    status: response.status,
    text: await response.text(),
    replayed: response.headers.get("idempotent-replayed"),
    headers: response.headers,
  };
}

const creates = (proxy: LeadProxy) =>
  proxy.fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");
const paths = (proxy: LeadProxy) => proxy.fake.requests.map((request) => `${request.method} ${request.path}`);
const record = (name: string, proxy: LeadProxy) => counts.push(`  ${name}: ${proxy.fake.leads.length} lead(s)`);

/** `useLeadProxy`'s pair, for one test with its own handler options; `close` stops both servers. */
async function useLeadProxyOnce(options: Partial<LeadHandlerOptions>): Promise<LeadProxy & { close(): Promise<void> }> {
  const fake = createFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });
  const fakeServer = await serveFakeIntercom(fake);
  const handler = createLeadHandler({
    token: FAKE_INTERCOM_TOKEN,
    baseUrl: fakeServer.url,
    allowedOrigins: [PAGE_ORIGIN],
    ...options,
  } as LeadHandlerOptions);
  const proxyServer = await serveFakeIntercom(handler);
  const proxyUrl = `${proxyServer.url}/api/intercom`;
  return {
    fake,
    fakeUrl: fakeServer.url,
    proxyUrl,
    errors: [],
    post: (body, init = {}) =>
      fetch(`${proxyUrl}${init.path ?? "/contacts"}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: PAGE_ORIGIN, ...init.headers },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await Promise.all([proxyServer.close(), fakeServer.close()]);
    },
  };
}

/** Waits (real milliseconds, loopback) until the fake has received `n` creates. */
async function untilCreates(proxy: LeadProxy, n: number): Promise<void> {
  await vi.waitFor(() => expect(creates(proxy).length).toBeGreaterThanOrEqual(n), { timeout: 2000, interval: 5 });
}

describe("Idempotency-Key at the lead proxy", () => {
  const events: LeadHandlerEvent[] = [];
  const proxy = useLeadProxy({
    onEvent: (event) => events.push(event),
    // A short lookup, on real time: the fake's search has no lag here.
    idempotency: { reconcile: { waitMs: 60, intervalMs: 20 } },
  } as Partial<LeadHandlerOptions>);

  it("the same key sent 20 times at once: one create, 20 identical answers", async () => {
    events.length = 0;
    // The create takes 200 ms, so all 20 arrive while the first is in flight.
    proxy.fake.inject({ kind: "slow", delayMs: 200 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(proxy, julia)));
    expect(proxy.fake.leads).toHaveLength(1);
    expect(creates(proxy)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(JSON.parse(answers[0]!.text)).toMatchObject({ id: proxy.fake.leads[0]!.id, ...julia });
    expect(answers.map((answer) => answer.replayed).sort()).toEqual([null, ...Array(19).fill("true")]);
    expect(events.map((event) => event.type).sort()).toEqual(["created", ...Array(19).fill("replayed")]);
    record("20 concurrent requests, one key", proxy);
  });

  it("a resend after the answer gets it byte for byte, replayed, with CORS, and creates nothing", async () => {
    const first = await send(proxy, julia);
    const again = await send(proxy, julia);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.text).toBe(first.text);
    expect([first.replayed, again.replayed]).toEqual([null, "true"]);
    expect(Object.fromEntries(again.headers)).toMatchObject({
      "content-type": first.headers.get("content-type"),
      "cache-control": "no-store",
      "access-control-allow-origin": PAGE_ORIGIN,
      "access-control-expose-headers": "retry-after, idempotent-replayed",
      vary: "Origin",
    });
    expect(creates(proxy)).toHaveLength(1);
    record("sequential resend", proxy);
  });

  it("the same body with its keys in another order is the same request", async () => {
    const first = await send(proxy, { email: julia.email, name: julia.name });
    const again = await send(proxy, { name: julia.name, email: julia.email });
    expect([again.text, again.replayed]).toEqual([first.text, "true"]);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("the key with another body: 422 idempotency_key_reused, nothing created", async () => {
    events.length = 0;
    await send(proxy, julia);
    const reused = await send(proxy, { ...julia, name: "Julia Smith" });
    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text)).toEqual(REUSED);
    expect(proxy.fake.leads).toHaveLength(1);
    expect(events.map(({ ms: _ms, ...event }) => event)).toEqual([
      { type: "created", leadId: proxy.fake.leads[0]!.id, status: 200 },
      { type: "refused", reason: "idempotency", status: 422 },
    ]);
    record("key reused with another body", proxy);
  });

  it("another body while the first is in flight: 422 at once, without waiting", async () => {
    proxy.fake.inject({ kind: "slow", delayMs: 300 });
    const first = send(proxy, julia);
    await untilCreates(proxy, 1);
    const reused = await send(proxy, { email: "o-brien@truth.org" });
    expect([reused.status, JSON.parse(reused.text)]).toEqual([422, REUSED]);
    // Answered while the first was still waiting on Intercom.
    expect(creates(proxy)[0]!.status).toBeUndefined();
    expect((await first).status).toBe(200);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("a resumed submission whose verification token expired still gets its stored answer", async () => {
    const proxy2 = await useLeadProxyOnce({
      verify: (request) => request.headers.get("x-verification-token") === "fresh",
    });
    const first = await send(proxy2, julia, KEY, { "x-verification-token": "fresh" });
    const resumed = await send(proxy2, julia, KEY, { "x-verification-token": "spent" });
    expect([first.status, resumed.status, resumed.replayed]).toEqual([200, 200, "true"]);
    expect(resumed.text).toBe(first.text);
    // A new submission with the spent token is refused: the check still runs for whatever is not stored.
    expect((await send(proxy2, julia, "another-key", { "x-verification-token": "spent" })).status).toBe(403);
    expect(proxy2.fake.leads).toHaveLength(1);
    await proxy2.close();
  });

  it("a refusal before the create frees the key: the retry runs and creates once", async () => {
    let pass = false;
    const proxy2 = await useLeadProxyOnce({ verify: () => pass });
    expect((await send(proxy2, julia)).status).toBe(403);
    pass = true;
    const retried = await send(proxy2, julia);
    expect([retried.status, retried.replayed]).toEqual([200, null]);
    expect(proxy2.fake.leads).toHaveLength(1);
    await proxy2.close();
  });

  // Every way a request can end after it claimed its key must settle the key: one left held would answer
  // the visitor's resend 409 for a whole lease, or let it through unlooked-up after.
  it.each<[string, (broken: () => boolean) => Partial<LeadHandlerOptions>, number]>([
    [
      "verify throws (fails closed)",
      (broken) => ({
        verify: () => {
          if (broken()) throw new Error("siteverify unreachable");
          return true;
        },
      }),
      403,
    ],
    [
      "verify answers its own Response",
      (broken) => ({ verify: () => (broken() ? new Response(null, { status: 401 }) : true) }),
      401,
    ],
    [
      "beforeCreate answers its own Response",
      (broken) => ({ beforeCreate: () => (broken() ? Response.json({ error: "later" }, { status: 503 }) : undefined) }),
      503,
    ],
    [
      "beforeCreate throws",
      (broken) => ({
        beforeCreate: () => {
          if (broken()) throw new Error("enrichment down");
        },
      }),
      500,
    ],
  ])("%s: the key is freed, the resend creates once and is not a replay", async (_name, options, status) => {
    let first = true;
    const broken = () => {
      const was = first;
      first = false;
      return was;
    };
    const proxy2 = await useLeadProxyOnce(options(broken));
    const refused = await send(proxy2, julia);
    expect([refused.status, refused.replayed]).toEqual([status, null]);
    const resent = await send(proxy2, julia);
    expect([resent.status, resent.replayed]).toEqual([200, null]);
    const again = await send(proxy2, julia);
    expect([again.status, again.replayed, again.text]).toEqual([200, "true", resent.text]);
    expect(creates(proxy2)).toHaveLength(1);
    expect(proxy2.fake.leads).toHaveLength(1);
    await proxy2.close();
  });

  it("a 429 from Intercom is not kept: the retry creates the lead once", async () => {
    const proxy2 = await useLeadProxyOnce({ retry: false });
    proxy2.fake.inject({ kind: "rate-limit" });
    expect((await send(proxy2, julia)).status).toBe(429);
    const retried = await send(proxy2, julia);
    expect([retried.status, retried.replayed]).toEqual([200, null]);
    expect(proxy2.fake.leads).toHaveLength(1);
    expect(creates(proxy2).map((request) => request.status)).toEqual([429, 200]);
    record("429 then retry", proxy2);
    await proxy2.close();
  });

  it("a refusal of the input (422) is kept: the resend gets it again, nothing sent", async () => {
    const refused = await send(proxy, { email: "not an email" });
    const again = await send(proxy, { email: "not an email" });
    expect([refused.status, again.status, again.replayed]).toEqual([422, 422, "true"]);
    expect(again.text).toBe(refused.text);
    expect(proxy.fake.requests).toEqual([]);
  });

  it("a first attempt that may have stored the lead: the resend looks it up and answers with it, one lead", async () => {
    events.length = 0;
    proxy.fake.inject({ kind: "drop-connection", stored: true });
    const first = await send(proxy, julia);
    expect([first.status, JSON.parse(first.text)]).toEqual([502, UNCONFIRMED]);
    const resent = await send(proxy, julia);
    expect([resent.status, resent.replayed]).toEqual([200, null]);
    expect(JSON.parse(resent.text)).toMatchObject({ id: proxy.fake.leads[0]!.id, ...julia });
    expect(paths(proxy)).toEqual(["POST /contacts", "POST /contacts/search"]);
    // The found lead is now the key's answer.
    const third = await send(proxy, julia);
    expect([third.text, third.replayed]).toEqual([resent.text, "true"]);
    expect(proxy.fake.leads).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(["upstream_error", "created", "replayed"]);
    record("maybeCreated (connection dropped after storing), resent", proxy);
  });

  it("20 resends at once after a first attempt that may have stored the lead: one lookup, no create, 20 identical answers", async () => {
    proxy.fake.inject({ kind: "drop-connection", stored: true });
    expect((await send(proxy, julia)).status).toBe(502);
    // The lookup takes 150 ms, so all 20 arrive while the first resend holds the key.
    proxy.fake.inject({ kind: "slow", delayMs: 150 }, { route: "search" });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(proxy, julia)));
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.text}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(200);
    expect(JSON.parse(answers[0]!.text)).toMatchObject({ id: proxy.fake.leads[0]!.id });
    expect(answers.filter((answer) => answer.replayed === "true")).toHaveLength(19);
    expect(paths(proxy)).toEqual(["POST /contacts", "POST /contacts/search"]);
    expect(proxy.fake.leads).toHaveLength(1);
    record("maybeCreated, then 20 concurrent resends", proxy);
  });

  it("a first attempt that stored nothing after all: the resend looks, finds nothing, creates once", async () => {
    proxy.fake.inject({ kind: "drop-connection", stored: false });
    expect((await send(proxy, julia)).status).toBe(502);
    const resent = await send(proxy, julia);
    expect(resent.status).toBe(200);
    expect(proxy.fake.leads).toHaveLength(1);
    expect(JSON.parse(resent.text)).toMatchObject({ id: proxy.fake.leads[0]!.id });
    const kinds = paths(proxy);
    expect([kinds[0], kinds.at(-1)]).toEqual(["POST /contacts", "POST /contacts"]);
    expect(kinds.slice(1, -1).every((path) => path === "POST /contacts/search")).toBe(true);
    record("maybeCreated (connection dropped before storing), resent", proxy);
  });

  it("a lead created whose answer failed (respondWith threw): the resend finds it, no second create", async () => {
    let broken = true;
    const proxy2 = await useLeadProxyOnce({
      respondWith: (lead) => {
        if (broken) {
          broken = false;
          throw new Error("the view broke");
        }
        return lead;
      },
      idempotency: { reconcile: { waitMs: 60, intervalMs: 20 } },
    });
    expect((await send(proxy2, julia)).status).toBe(500);
    const resent = await send(proxy2, julia);
    expect(resent.status).toBe(200);
    expect(JSON.parse(resent.text)).toMatchObject({ id: proxy2.fake.leads[0]!.id });
    expect(paths(proxy2)).toEqual(["POST /contacts", "POST /contacts/search"]);
    expect(proxy2.fake.leads).toHaveLength(1);
    record("created, answer failed (500), resent", proxy2);
    await proxy2.close();
  });

  it("a first attempt that may have stored a lead without an email: the resend is refused, nothing sent", async () => {
    const proxy2 = await useLeadProxyOnce({ fields: ["name", "phone"] });
    proxy2.fake.inject({ kind: "drop-connection", stored: true });
    const lead = { name: "Julia", phone: "123987456" };
    expect((await send(proxy2, lead)).status).toBe(502);
    const resent = await send(proxy2, lead);
    expect([resent.status, JSON.parse(resent.text)]).toEqual([502, UNCONFIRMED]);
    expect(proxy2.fake.requests).toHaveLength(1);
    expect(proxy2.fake.leads).toHaveLength(1);
    record("maybeCreated without an email, resent", proxy2);
    await proxy2.close();
  });

  it("a browser client's createLead with one key per submission: resent, the same lead, created once", async () => {
    const browser = createIntercom({ baseUrl: proxy.proxyUrl, headers: { origin: PAGE_ORIGIN } });
    const first = await browser.createLead(julia, { idempotencyKey: KEY });
    const again = await browser.createLead(julia, { idempotencyKey: KEY });
    expect(again).toEqual(first);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("an invalid key is refused with 400", async () => {
    const answer = await send(proxy, julia, "has spaces in it");
    expect([answer.status, JSON.parse(answer.text)]).toEqual([
      400,
      {
        type: "error.list",
        errors: [
          { code: "idempotency_key_invalid", message: "An Idempotency-Key is 1 to 255 visible ASCII characters" },
        ],
      },
    ]);
    expect(proxy.fake.requests).toEqual([]);
  });

  it("requests without a key are not affected: each creates", async () => {
    await proxy.post(julia);
    await proxy.post(julia);
    expect(proxy.fake.leads).toHaveLength(2);
  });
});

describe("Idempotency-Key while the first request is in flight", () => {
  it("waitSeconds: 0 answers 409 idempotency_key_in_use with Retry-After at once; later, the answer", async () => {
    const proxy = await useLeadProxyOnce({ idempotency: { waitSeconds: 0 } });
    proxy.fake.inject({ kind: "slow", delayMs: 300 });
    const first = send(proxy, julia);
    await untilCreates(proxy, 1);
    const busy = await send(proxy, julia);
    expect([busy.status, busy.headers.get("retry-after"), JSON.parse(busy.text)]).toEqual([
      409,
      "5",
      {
        type: "error.list",
        errors: [{ code: "idempotency_key_in_use", message: "A request with this Idempotency-Key is still running" }],
      },
    ]);
    const done = await first;
    const later = await send(proxy, julia);
    expect([later.text, later.replayed]).toEqual([done.text, "true"]);
    expect(proxy.fake.leads).toHaveLength(1);
    record("in flight, waitSeconds 0 (409)", proxy);
    await proxy.close();
  });

  it("a wait shorter than the first request answers 409 once it has waited", async () => {
    const proxy = await useLeadProxyOnce({ idempotency: { waitSeconds: 0.1 } });
    proxy.fake.inject({ kind: "slow", delayMs: 500 });
    const first = send(proxy, julia);
    await untilCreates(proxy, 1);
    const started = Date.now();
    const busy = await send(proxy, julia);
    // Real time on loopback: at least the 100 ms wait, and well before the first's 500 ms answer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(busy.status).toBe(409);
    expect(creates(proxy)[0]!.status).toBeUndefined();
    expect((await first).status).toBe(200);
    expect(proxy.fake.leads).toHaveLength(1);
    await proxy.close();
  });

  it("a lease that ran out (a stuck first attempt) is taken over: looked up first, the same lead", async () => {
    let clock = Date.now();
    const store = memoryIdempotencyStore({ now: () => clock });
    const proxy = await useLeadProxyOnce({
      idempotency: { store, leaseSeconds: 30, reconcile: { waitMs: 60, intervalMs: 20 } },
    });
    // The first create is stored at once, its answer held back 400 ms.
    proxy.fake.inject({ kind: "slow", delayMs: 400 });
    const first = send(proxy, julia);
    await untilCreates(proxy, 1);
    clock += 31_000;
    const takeover = await send(proxy, julia);
    expect(takeover.status).toBe(200);
    expect(JSON.parse(takeover.text)).toMatchObject({ id: proxy.fake.leads[0]!.id });
    expect((await first).status).toBe(200);
    expect(paths(proxy)).toEqual(["POST /contacts", "POST /contacts/search"]);
    expect(proxy.fake.leads).toHaveLength(1);
    // The first owner lost the key: its answer was not kept, the takeover's is.
    const again = await send(proxy, julia);
    expect([again.text, again.replayed]).toEqual([takeover.text, "true"]);
    record("lease ran out, taken over", proxy);
    await proxy.close();
  });
});

describe("the idempotency option", () => {
  it("false ignores the header: each request creates", async () => {
    const proxy = await useLeadProxyOnce({ idempotency: false });
    await send(proxy, julia);
    await send(proxy, julia);
    expect(proxy.fake.leads).toHaveLength(2);
    await proxy.close();
  });

  it("a store that fails refuses with 503 rather than risk a second lead", async () => {
    const broken: IdempotencyStore = {
      claim: () => Promise.reject(new Error("the store is down")),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const proxy = await useLeadProxyOnce({ idempotency: { store: broken } });
    const answer = await send(proxy, julia);
    expect([answer.status, answer.headers.get("retry-after"), JSON.parse(answer.text)]).toEqual([
      503,
      "1",
      {
        type: "error.list",
        errors: [{ code: "idempotency_unavailable", message: "Leads cannot be created right now" }],
      },
    ]);
    expect(proxy.fake.requests).toEqual([]);
    await proxy.close();
  });

  it("refuses unusable settings when the handler is created", () => {
    const make = (idempotency: unknown) => () =>
      createLeadHandler({ token: "t", allowedOrigins: [PAGE_ORIGIN], idempotency } as LeadHandlerOptions);
    expect(make({ retentionSeconds: 0 })).toThrow(
      new IntercomConfigError("idempotency.retentionSeconds must be a number of seconds, at least 1"),
    );
    expect(make({ leaseSeconds: Number.NaN })).toThrow(
      new IntercomConfigError("idempotency.leaseSeconds must be a number of seconds, at least 1"),
    );
    expect(make({ waitSeconds: -1 })).toThrow(
      new IntercomConfigError("idempotency.waitSeconds must be a number of seconds, at least 0"),
    );
    expect(make({ leaseSeconds: 120, retentionSeconds: 60 })).toThrow(
      new IntercomConfigError("idempotency.retentionSeconds must be at least leaseSeconds"),
    );
    expect(make({ store: {} })).toThrow(
      new IntercomConfigError("idempotency.store must be an IdempotencyStore (claim, complete, release)"),
    );
    expect(make(true)).toThrow(new IntercomConfigError("idempotency must be an object such as { store } or false"));
  });
});
