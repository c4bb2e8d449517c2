import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createIntercom, IntercomConfigError } from "../../src/index.ts";
import { createLeadHandler, type LeadHandlerEvent } from "../../src/server/index.ts";
import { PROXY_HEADERS } from "../../src/wire/proxy-headers.ts";
import { drive, useFakeTime } from "../support/fake-time.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const WINDOW_MS = 4000;
const LIMIT = 100;
// The fake's clock stands still at the start of the next real window, so the reset it announces lies
// 4 to 8 s ahead for the whole test: the flood cannot straddle two windows. (The handler's client paces
// its creates over what is left of the window, about 50-100 ms apart here; a longer window would
// make the test slower, not different.)
let frozenNow = 0;

const post = (i: number) => ({ email: `flood${i}@b.co`, name: `Flood ${i}` });

describe("createLeadHandler with intercomShare: 0.2, against the fake's window of 100", () => {
  const events: LeadHandlerEvent[] = [];
  const proxy = useLeadProxy(
    { intercomShare: 0.2, onEvent: (event) => events.push(event) },
    { rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, now: () => frozenNow },
  );
  beforeEach(() => {
    frozenNow = (Math.floor(Date.now() / WINDOW_MS) + 1) * WINDOW_MS;
    events.length = 0;
  });

  it("a flood of 200 concurrent requests uses exactly 20 of the window; the rest get 503 with Retry-After", {
    timeout: 15_000,
  }, async () => {
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => proxy.post(post(i))));
    const statuses = responses.map((response) => response.status);
    const created = statuses.filter((status) => status === 200).length;
    const refused = responses.filter((response) => response.status === 503);
    expect(created).toBe(20);
    expect(refused).toHaveLength(180);
    expect(proxy.fake.leads).toHaveLength(20);
    expect(proxy.fake.requests).toHaveLength(20);
    const retryAfter = Number(refused[0]!.headers.get("retry-after"));
    const reset = (frozenNow + WINDOW_MS) / 1000;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(reset - started / 1000));
    expect(await refused[0]!.json()).toEqual({
      type: "error.list",
      errors: [{ code: "intercom_share_exhausted", message: "Leads are paused for a moment; try again shortly" }],
      maybe_created: false,
    });
    expect(refused[0]!.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(refused[0]!.headers.get("access-control-expose-headers")).toBe("retry-after, idempotent-replayed");
    expect(events.filter((event) => event.type === "refused" && event.reason === "intercom_share")).toHaveLength(180);
    console.info(
      `intercomShare flood: 200 requests sent, ${proxy.fake.leads.length} leads created, ` +
        `${proxy.fake.requests.length} of the window's ${LIMIT} used (${proxy.fake.requests.length / LIMIT})`,
    );
  });

  it("leaves the window to the workspace's other integrations: past the share, only the first probe goes", async () => {
    // Another integration's 30 creates, straight to the fake.
    for (let i = 0; i < 30; i++)
      await fetch(`${proxy.fakeUrl}/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ email: `other${i}@b.co`, role: "lead" }),
      });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => proxy.post(post(i))));
    // The window is unknown until one create tells: that one goes, and shows 69 left, under the 80 kept.
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 503)).toHaveLength(49);
    expect(proxy.fake.requests).toHaveLength(31);
  });

  it("while another integration creates at the same time, the proxy still uses at most 20 of the window", {
    timeout: 15_000,
  }, async () => {
    const other = (i: number) =>
      fetch(`${proxy.fakeUrl}/contacts`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
          "content-type": "application/json",
          "x-integration": "billing-sync",
        },
        body: JSON.stringify({ email: `billing${i}@b.co`, role: "lead" }),
      });
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) => proxy.post(post(i))),
      ...Array.from({ length: 40 }, (_, i) => other(i)),
    ]);
    const byProxy = proxy.fake.requests.filter((request) => request.headers["x-integration"] === undefined);
    expect(proxy.fake.requests).toHaveLength(byProxy.length + 40);
    expect(byProxy.length).toBeGreaterThanOrEqual(1);
    expect(byProxy.length).toBeLessThanOrEqual(20);
  });

  it("requests that come in one after another stop at the share too", { timeout: 15_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await proxy.post(post(i))).status);
    expect(statuses).toEqual([...Array(20).fill(200), ...Array(5).fill(503)]);
  });
});

describe("createLeadHandler with intercomShare, window after window (fake time)", () => {
  useFakeTime();

  it("uses at most its share of each window, and starts again when the window resets", async () => {
    const fake = createFakeIntercom({ rateLimit: { limit: LIMIT, windowMs: 10_000 } });
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      fetch: (request) => fake.fetch(request),
      allowedOrigins: [PAGE_ORIGIN],
      intercomShare: 0.2,
    });
    const request = (i: number) =>
      new Request("https://proxy.example/contacts", {
        method: "POST",
        headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(post(i)),
      });
    const flood = async () =>
      (await drive(Promise.all(Array.from({ length: 200 }, (_, i) => handler(request(i)))))).filter((r) => r.ok).length;
    const created: number[] = [];
    for (let round = 0; round < 3; round++) {
      created.push(await flood());
      // Into the next window (windows are 10 s, aligned).
      await vi.advanceTimersByTimeAsync(10_000 - (Date.now() % 10_000));
    }
    expect(created).toEqual([20, 20, 20]);
    const perWindow = new Map<number, number>();
    for (const { at } of fake.requests)
      perWindow.set(Math.floor(at / 10_000), (perWindow.get(Math.floor(at / 10_000)) ?? 0) + 1);
    expect([...perWindow.values()]).toEqual([20, 20, 20]);
    expect(fake.leads).toHaveLength(60);
  });

  it("counts its own creates in flight: while one is out, the next may not overrun the share", async () => {
    const fake = createFakeIntercom({ rateLimit: { limit: 10, windowMs: 10_000 } });
    let hold: (() => void) | undefined;
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      fetch: async (request) => {
        const response = await fake.fetch(request);
        if (fake.requests.length > 1) await new Promise<void>((resolve) => (hold = resolve));
        return response;
      },
      allowedOrigins: [PAGE_ORIGIN],
      intercomShare: 0.2,
    });
    const request = () =>
      new Request("https://proxy.example/contacts", {
        method: "POST",
        headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(post(0)),
      });
    expect((await drive(handler(request()))).status).toBe(200);
    // 9 left, 8 kept for others: one more may go; while it is out, a third may not.
    const second = handler(request());
    await vi.waitFor(() => expect(hold).toBeDefined());
    expect((await handler(request())).status).toBe(503);
    hold!();
    expect((await drive(second)).status).toBe(200);
    expect(fake.leads).toHaveLength(2);
  });
});

describe("createLeadHandler with intercomShare and verify (fake time)", () => {
  beforeAll(async () => {
    // Loaded before time is faked, as the handler loads them with its first request: real module loading
    // under fake time would let the window run out while it loads.
    await Promise.all([
      import("../../src/server/guards.ts"),
      import("../../src/server/intercom-share/share-gate.ts"),
      import("../../src/server/idempotency/gate.ts"),
    ]);
  });
  useFakeTime();

  it("once the share is known spent, answers 503 before verify: the visitor's single-use token and key are kept for the resend", async () => {
    // A long window: fake time moves while bodies are digested (real turns), and must not reach its end.
    const fake = createFakeIntercom({ rateLimit: { limit: 10, windowMs: 60_000 } });
    const events: LeadHandlerEvent[] = [];
    // Like siteverify: a token passes once.
    const verified: string[] = [];
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      fetch: (request) => fake.fetch(request),
      allowedOrigins: [PAGE_ORIGIN],
      intercomShare: 0.2,
      // No pacing: the governor would spread the creates over the window (seconds of fake time each), and
      // under load the real turns those waits take could carry fake time past the window's end.
      governor: { acquire: () => undefined, release: () => undefined },
      onEvent: (event) => events.push(event),
      verify: (request) => {
        const token = request.headers.get(PROXY_HEADERS.verificationToken)!;
        const fresh = !verified.includes(token);
        verified.push(token);
        return fresh;
      },
    });
    const request = (i: number) =>
      new Request("https://proxy.example/contacts", {
        method: "POST",
        headers: {
          origin: PAGE_ORIGIN,
          "content-type": "application/json",
          [PROXY_HEADERS.verificationToken]: `token-${i}`,
          [PROXY_HEADERS.idempotencyKey]: `key-${i}`,
        },
        body: JSON.stringify(post(i)),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await drive(handler(request(i)))).status);
    // 10 in the window, 8 kept for others: the probe leaves 9, the second 8, and the third would overrun.
    expect(statuses).toEqual([200, 200, 503]);
    expect(verified).toEqual(["token-0", "token-1"]);
    expect(events.at(-1)).toEqual({ type: "refused", reason: "intercom_share", status: 503, ms: expect.any(Number) });
    // The next window: the same submission (its token, its key) goes through, created once.
    await vi.advanceTimersByTimeAsync(60_000 - (Date.now() % 60_000));
    const resent = await drive(handler(request(2)));
    expect([resent.status, resent.headers.get("idempotent-replayed")]).toEqual([200, null]);
    expect(verified).toEqual(["token-0", "token-1", "token-2"]);
    expect(fake.leads.map((lead) => lead.body.email)).toEqual([0, 1, 2].map((i) => post(i).email));
  });
});

describe("intercomShare configuration", () => {
  it.each([0, -0.1, 1.5, Number.NaN, "0.2"])("refuses intercomShare %s", (share) => {
    expect(() => createLeadHandler({ token: "t", allowedOrigins: "*", intercomShare: share as number })).toThrow(
      new IntercomConfigError("intercomShare must be a number above 0 and at most 1"),
    );
  });

  it("refuses it with a given client, whose rate headers the handler cannot see", () => {
    const client = createIntercom({ token: "t" });
    expect(() => createLeadHandler({ client, allowedOrigins: "*", intercomShare: 0.2 })).toThrow(
      new IntercomConfigError(
        "intercomShare needs the handler to build its own client (from token): it cannot watch a given client's rate headers",
      ),
    );
  });
});
