import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect, it, vi } from "vitest";
import {
  createIntercom,
  IntercomApiError,
  IntercomConfigError,
  LeadValidationError,
  RateLimitError,
} from "../../src/index.ts";
import { createLeadHandler } from "../../src/server/index.ts";
import { drive, useFakeTime } from "../support/fake-time.ts";
import { IN_PROCESS_BASE_URL, useInProcessIntercom } from "../support/use-in-process-intercom.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

async function expectSafe(response: Response): Promise<unknown> {
  const text = await response.text();
  expect(text).not.toContain(FAKE_INTERCOM_TOKEN);
  for (const [, value] of response.headers) expect(value).not.toContain(FAKE_INTERCOM_TOKEN);
  expect(response.headers.get("x-request-id")).toBeNull();
  expect(response.headers.get("x-ratelimit-limit")).toBeNull();
  return text ? JSON.parse(text) : undefined;
}

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

describe("createLeadHandler", () => {
  const proxy = useLeadProxy();
  const browser = (options: Parameters<typeof createIntercom>[0] = {}) =>
    createIntercom({ baseUrl: proxy.proxyUrl, headers: { origin: PAGE_ORIGIN }, ...options });

  it("a browser's client creates a lead through it, unchanged: the token is added on the server", async () => {
    const lead = await browser().createLead(winston);
    const { type, id, role, email, name, phone, created_at } = proxy.fake.leads[0]!.body as Record<string, unknown>;
    expect(lead).toEqual({ type, id, role, email, name, phone, created_at });
    expect(proxy.fake.requests).toHaveLength(1);
    expect(proxy.fake.requests[0]!.headers.authorization).toBe(`Bearer ${FAKE_INTERCOM_TOKEN}`);
    expect(proxy.fake.requests[0]!.body).toEqual({ ...winston, role: "lead" });
  });

  it("answers 200 with CORS for the allowed origin and the created lead", async () => {
    const response = await proxy.post(winston);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(response.headers.get("vary")).toBe("Origin");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await expectSafe(response)).toMatchObject({ type: "contact", role: "lead", ...winston });
  });

  it("answers a preflight from an allowed origin", async () => {
    const response = await fetch(`${proxy.proxyUrl}/contacts`, {
      method: "OPTIONS",
      headers: {
        origin: PAGE_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, intercom-version",
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": PAGE_ORIGIN,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers":
        "accept, content-type, intercom-version, idempotency-key, x-verification-token, x-lead-attribution",
      "access-control-max-age": "600",
      vary: "Origin",
    });
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it.each([["https://evil.example"], ["https://shop.example.evil.example"], ["http://shop.example"], ["null"], [null]])(
    "refuses origin %s with 403 and no CORS headers, preflight included",
    async (origin) => {
      const response = await proxy.post(winston, { origin });
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(await expectSafe(response)).toEqual({
        type: "error.list",
        errors: [{ code: "origin_not_allowed", message: "This origin may not create leads" }],
      });
      const preflight = await fetch(`${proxy.proxyUrl}/contacts`, {
        method: "OPTIONS",
        headers: origin ? { origin } : {},
      });
      expect(preflight.status).toBe(403);
      expect(proxy.fake.requests).toHaveLength(0);
    },
  );

  it.each(["GET", "PUT", "DELETE", "PATCH"])("refuses %s with 405 and Allow", async (method) => {
    const response = await fetch(`${proxy.proxyUrl}/contacts`, { method, headers: { origin: PAGE_ORIGIN } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("serves only …/contacts", async () => {
    const response = await proxy.post(winston, { path: "/contacts/search" });
    expect(response.status).toBe(404);
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"])(
    "refuses %s with 415",
    async (type) => {
      const response = await proxy.post(winston, { headers: { "content-type": type } });
      expect(response.status).toBe(415);
      expect(((await expectSafe(response)) as { errors: { code: string }[] }).errors[0]!.code).toBe(
        "unsupported_media_type",
      );
    },
  );

  it("refuses an oversized body with 413, by its Content-Length, without reading it", async () => {
    const response = await proxy.post({ ...winston, name: "x".repeat(20_000) });
    expect(response.status).toBe(413);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "payload_too_large", message: "A lead is at most 16384 bytes" }],
    });
  });

  it("refuses an oversized streamed body with 413 once it passes the limit", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(`{"email":"a@b.co","name":"${"x".repeat(4096)}`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit if it were read whole; the handler stops early.
        if (sent++ > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${proxy.proxyUrl}/contacts`, {
      method: "POST",
      headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(1000);
  });

  it.each([
    ["malformed JSON", '{"email":', "The body is not valid JSON"],
    ["an array", "[1,2]", "A lead must be a JSON object"],
    ["a string", '"a@b.co"', "A lead must be a JSON object"],
    ["an empty body", "", "The body is not valid JSON"],
  ])("refuses %s with 400", async (_, body, message) => {
    const response = await proxy.post(body);
    expect(response.status).toBe(400);
    expect(await expectSafe(response)).toEqual({ type: "error.list", errors: [{ code: "bad_request", message }] });
  });

  it("refuses invalid UTF-8 with 400", async () => {
    const response = await fetch(`${proxy.proxyUrl}/contacts`, {
      method: "POST",
      headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(response.status).toBe(400);
  });

  it("refuses fields outside the allowlist with 400 listing them", async () => {
    const response = await proxy.post({
      email: "a@b.co",
      user_id: "x",
      owner_id: "1",
      custom_attributes: { plan: "pro" },
    });
    expect(response.status).toBe(400);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: ["user_id", "owner_id", "custom_attributes.plan"].map((field) => ({
        code: "parameter_not_allowed",
        message: "Not allowed from a browser",
        field,
      })),
      fields: ["user_id", "owner_id", "custom_attributes.plan"],
    });
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("refuses a role other than lead as a field not allowed", async () => {
    const response = await proxy.post({ email: "a@b.co", role: "user" });
    expect(response.status).toBe(400);
    expect(((await expectSafe(response)) as { fields: string[] }).fields).toEqual(["role"]);
  });

  it("answers invalid input with 422 and the core's issues, which the browser's client turns back into a LeadValidationError", async () => {
    const response = await proxy.post({ email: "not-an-email" });
    expect(response.status).toBe(422);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "parameter_invalid", message: "must be an email address", field: "email" }],
      issues: [{ path: ["email"], message: "must be an email address" }],
    });
    // The raw fetch above skipped the browser-side check; the same answer reaches a client like this:
    const error = await browser({
      fetch: async () =>
        new Response(
          JSON.stringify({ type: "error.list", errors: [], issues: [{ path: ["email"], message: "taken" }] }),
          { status: 422 },
        ),
    })
      .createLead({ email: "a@b.co" })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LeadValidationError);
    expect((error as LeadValidationError).issues).toEqual([{ path: ["email"], message: "taken" }]);
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("turns an upstream 5xx after storing into 502 maybe_created, sent upstream once", async () => {
    proxy.fake.inject({ kind: "server-error", stored: true });
    const response = await proxy.post(winston);
    expect(response.status).toBe(502);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "upstream_unconfirmed", message: "The lead may have been created; do not send it again" }],
      maybe_created: true,
    });
    expect(proxy.fake.requests).toHaveLength(1);
    expect(proxy.fake.leads).toHaveLength(1);
    expect(proxy.errors).toHaveLength(1);
    expect(proxy.errors[0]).toMatchObject({ name: "IntercomApiError", status: 500 });
  });

  it("a dropped upstream connection is 502 maybe_created, and the browser's client says maybeCreated", async () => {
    proxy.fake.inject({ kind: "drop-connection", stored: true });
    const error = await browser()
      .createLead(winston)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 502, code: "upstream_unconfirmed", maybeCreated: true });
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("returns the summary by default (nothing of what the workspace knows), or the whole lead when asked", async () => {
    const request = () =>
      new Request("http://proxy.local/api/intercom/contacts", {
        method: "POST",
        headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(winston),
      });
    const summary = await proxy.post(winston);
    const body = (await expectSafe(summary)) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["created_at", "email", "id", "name", "phone", "role", "type"]);
    expect(body).toMatchObject({ type: "contact", role: "lead", ...winston });

    const whole = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: proxy.fakeUrl,
      allowedOrigins: [PAGE_ORIGIN],
      respondWith: "lead",
    });
    const lead = (await expectSafe(await whole(request()))) as Record<string, unknown>;
    expect(lead).toEqual(proxy.fake.leads[1]!.body);
    expect(Object.keys(lead).length).toBeGreaterThan(7);
  });
});

describe("createLeadHandler and Intercom's 429, under fake time", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });
  const handler = () =>
    createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: (request) => intercom.fake.fetch(request),
      allowedOrigins: [PAGE_ORIGIN],
    });
  const post = (body: unknown) =>
    new Request("https://shop.example/api/intercom/contacts", {
      method: "POST",
      headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("waits out one window, then passes the 429 through with Retry-After; the browser's client sees a RateLimitError", async () => {
    intercom.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const response = await drive(handler()(post(winston)));
    expect(response.status).toBe(429);
    // The proxy's one retry left in the window after the first 429's; the next window is under a second away.
    const [first, second] = intercom.fake.requests;
    expect(intercom.fake.requests.map((request) => request.status)).toEqual([429, 429]);
    expect(Math.floor(second!.at / 1000)).toBe(Math.floor(first!.at / 1000) + 1);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "rate_limit_exceeded", message: "Too many leads; try again shortly" }],
    });

    intercom.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const proxy = handler();
    const browser = createIntercom({
      baseUrl: "https://shop.example/api/intercom",
      headers: { origin: PAGE_ORIGIN },
      retry: false,
      fetch: proxy,
    });
    const error = await drive(browser.createLead(winston)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, maybeCreated: false });
    expect(intercom.fake.leads).toHaveLength(0);
  });
});

describe("createLeadHandler with a wrong token upstream", () => {
  const proxy = useLeadProxy({ token: "wrong-but-secret-token" });

  it("says 502 upstream_error, never 401 or the token, and reports the real error to onError", async () => {
    const response = await proxy.post(winston);
    expect(response.status).toBe(502);
    const text = JSON.stringify(await expectSafe(response));
    expect(text).not.toContain("wrong-but-secret-token");
    expect(text).toBe(
      '{"type":"error.list","errors":[{"code":"upstream_error","message":"Leads cannot be created right now"}],"maybe_created":false}',
    );
    expect(proxy.errors[0]).toMatchObject({ name: "IntercomApiError", status: 401, code: "unauthorized" });
  });
});

describe("createLeadHandler with a throwing onError", () => {
  const proxy = useLeadProxy({
    token: "wrong-but-secret-token",
    onError: () => {
      throw new Error("the logger is down");
    },
  });

  it("answers as it would without one", async () => {
    const response = await proxy.post(winston);
    expect(response.status).toBe(502);
    expect(await expectSafe(response)).toMatchObject({ errors: [{ code: "upstream_error" }], maybe_created: false });
  });
});

describe("createLeadHandler options", () => {
  const proxy = useLeadProxy({
    fields: ["email", "name", "custom_attributes.marketing_consent"],
    beforeCreate: async (input, request) => {
      if (input.name === "spam") return new Response("no thanks", { status: 403, headers: { "x-reason": "spam" } });
      if (input.name === "boom") throw new Error(`internal detail ${request.url}`);
      if (input.name === "bot") throw new LeadValidationError([{ path: ["name"], message: "looks automated" }]);
      return { ...input, custom_attributes: { ...(input.custom_attributes as object), source: "landing" } };
    },
  });

  it("allows named custom attributes and lets beforeCreate enrich the input", async () => {
    const response = await proxy.post({ email: "a@b.co", custom_attributes: { marketing_consent: true } });
    expect(response.status).toBe(200);
    expect(proxy.fake.requests[0]!.body).toEqual({
      email: "a@b.co",
      custom_attributes: { marketing_consent: true, source: "landing" },
      role: "lead",
    });
  });

  it("still refuses fields left out of the allowlist", async () => {
    const response = await proxy.post({ email: "a@b.co", phone: "1" });
    expect(((await expectSafe(response)) as { fields: string[] }).fields).toEqual(["phone"]);
  });

  it("lets beforeCreate answer instead, with CORS added", async () => {
    const response = await proxy.post({ email: "a@b.co", name: "spam" });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-reason")).toBe("spam");
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(await response.text()).toBe("no thanks");
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("a LeadValidationError from beforeCreate is a 422 with its issues, as the core's own", async () => {
    const response = await proxy.post({ email: "a@b.co", name: "bot" });
    expect(response.status).toBe(422);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "parameter_invalid", message: "looks automated", field: "name" }],
      issues: [{ path: ["name"], message: "looks automated" }],
    });
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("a throwing beforeCreate is a 500 that says nothing of it, and goes to onError", async () => {
    const response = await proxy.post({ email: "a@b.co", name: "boom" });
    expect(response.status).toBe(500);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "internal_error", message: "The lead could not be handled" }],
    });
    expect(String(proxy.errors[0])).toContain("internal detail");
    expect(proxy.fake.requests).toHaveLength(0);
  });
});

describe("createLeadHandler configuration", () => {
  it.each([
    [
      { token: "t" },
      'allowedOrigins must be "*" or origins such as ["https://shop.example"] (no path, no trailing slash), not undefined',
    ],
    [
      { token: "t", allowedOrigins: ["https://shop.example/"] },
      'allowedOrigins must be "*" or origins such as ["https://shop.example"] (no path, no trailing slash), not ["https://shop.example/"]',
    ],
    [
      { token: "t", allowedOrigins: ["https://shop.example", "shop.example"] },
      'allowedOrigins must be "*" or origins such as ["https://shop.example"] (no path, no trailing slash), not ["https://shop.example","shop.example"]',
    ],
    [
      { baseUrl: "https://proxy.example", allowedOrigins: "*" },
      "The lead handler needs a token (or a client holding one)",
    ],
    [{ token: "t", allowedOrigins: "*", maxBodyBytes: 0 }, "maxBodyBytes must be a positive integer"],
  ])("refuses %o", (options, message) => {
    expect(() => createLeadHandler(options as never)).toThrow(new IntercomConfigError(message));
  });

  const post = (handler: (request: Request) => Promise<Response>) =>
    handler(
      new Request("https://proxy.example/contacts", {
        method: "POST",
        headers: { origin: PAGE_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ email: "a@b.co" }),
      }),
    );

  it("answers with respondWith's own view of the lead", async () => {
    const fetch = async () => Response.json({ type: "contact", id: "7", role: "lead", email: "a@b.co" });
    const response = await post(
      createLeadHandler({ token: "t", allowedOrigins: [PAGE_ORIGIN], fetch, respondWith: (lead) => ({ ok: lead.id }) }),
    );
    expect(await response.json()).toEqual({ ok: "7" });
  });

  it("turns Intercom refusing the input into 422 naming the field, not Intercom's words", async () => {
    const message = "A contact matching those details already exists with id=1";
    const fetch = async () =>
      Response.json(
        { type: "error.list", request_id: "req-1", errors: [{ code: "conflict", message, field: "email" }] },
        { status: 409 },
      );
    const response = await post(createLeadHandler({ token: "t", allowedOrigins: [PAGE_ORIGIN], fetch }));
    expect(response.status).toBe(422);
    expect(await expectSafe(response)).toEqual({
      type: "error.list",
      errors: [{ code: "conflict", message: "Intercom refused the lead", field: "email" }],
    });
  });

  it('accepts any origin only when told "*"', async () => {
    const fetch = vi.fn(async () => Response.json({ type: "contact", id: "1", role: "lead" }));
    const handler = createLeadHandler({ token: "t", allowedOrigins: "*", fetch });
    const response = await handler(
      new Request("https://proxy.example/contacts", {
        method: "POST",
        headers: { origin: "https://anywhere.example", "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
