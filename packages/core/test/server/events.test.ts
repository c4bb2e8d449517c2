import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { LeadValidationError } from "../../src/index.ts";
import { createLeadHandler, type LeadHandlerEvent } from "../../src/server/index.ts";
import { PROXY_HEADERS } from "../../src/wire/proxy-headers.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const lead = { email: "winstonsmith@truth.org", name: "Winston Smith" };
const ms = expect.any(Number);

describe("createLeadHandler onEvent", () => {
  const events: LeadHandlerEvent[] = [];
  const requests: Request[] = [];
  const proxy = useLeadProxy({
    fields: ["email", "name"],
    maxBodyBytes: 200,
    honeypot: "website",
    verify: (request) =>
      request.headers.get(PROXY_HEADERS.verificationToken) === "teapot"
        ? new Response("I'm a teapot", { status: 418 })
        : request.headers.get(PROXY_HEADERS.verificationToken) !== "no",
    beforeCreate: (input) => {
      if (input.name === "hook") return new Response(null, { status: 451 });
      if (input.name === "bot") throw new LeadValidationError([{ path: ["name"], message: "looks automated" }]);
      if (input.name === "boom") throw new Error("hook failed");
    },
    rateLimit: { requests: 100, windowSeconds: 60 },
    onEvent: (event, request) => {
      events.push(event);
      requests.push(request);
    },
  });
  beforeEach(() => {
    events.length = 0;
    requests.length = 0;
  });

  it("tells one event per answered request, with the reason of every refusal", async () => {
    const url = `${proxy.proxyUrl}/contacts`;
    await proxy.post(lead);
    await proxy.post(lead, { origin: "https://evil.example" });
    await proxy.post(lead, { path: "/contacts/search" });
    await fetch(url, { method: "GET", headers: { origin: PAGE_ORIGIN } });
    await proxy.post(lead, { headers: { "content-type": "text/plain" } });
    await proxy.post({ ...lead, name: "x".repeat(300) });
    await proxy.post("{");
    await proxy.post({ ...lead, phone: "1" });
    await proxy.post({ email: "not-an-email" });
    await proxy.post(lead, { headers: { [PROXY_HEADERS.verificationToken]: "no" } });
    await proxy.post(lead, { headers: { [PROXY_HEADERS.verificationToken]: "teapot" } });
    await proxy.post({ ...lead, website: "x" });
    await proxy.post({ ...lead, name: "hook" });
    await proxy.post({ ...lead, name: "bot" });
    await proxy.post({ ...lead, name: "boom" });
    await fetch(url, { method: "OPTIONS", headers: { origin: PAGE_ORIGIN } });
    expect(events).toEqual([
      { type: "created", leadId: proxy.fake.leads[0]!.id, status: 200, ms },
      { type: "refused", reason: "origin", status: 403, ms },
      { type: "refused", reason: "route", status: 404, ms },
      { type: "refused", reason: "route", status: 405, ms },
      { type: "refused", reason: "type", status: 415, ms },
      { type: "refused", reason: "size", status: 413, ms },
      { type: "refused", reason: "body", status: 400, ms },
      { type: "refused", reason: "field", status: 400, ms },
      { type: "refused", reason: "validation", status: 422, ms },
      { type: "refused", reason: "verification", status: 403, ms },
      { type: "refused", reason: "verification", status: 418, ms },
      { type: "refused", reason: "honeypot", status: 200, ms },
      { type: "refused", reason: "before_create", status: 451, ms },
      { type: "refused", reason: "validation", status: 422, ms },
      { type: "internal_error", status: 500, ms },
    ]);
    expect(requests[0]).toBeInstanceOf(Request);
    // No personal data: no email, name or address in any event.
    const told = JSON.stringify(events);
    for (const personal of [lead.email, lead.name, "127.0.0.1", "not-an-email"]) expect(told).not.toContain(personal);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("tells upstream errors with Intercom's status and code, and whether the lead may exist", async () => {
    proxy.fake.inject({ kind: "server-error", stored: true });
    await proxy.post(lead);
    proxy.fake.inject({ kind: "drop-connection", stored: false });
    await proxy.post(lead);
    expect(events).toEqual([
      { type: "upstream_error", status: 502, upstreamStatus: 500, code: expect.any(String), maybeCreated: true, ms },
      { type: "upstream_error", status: 502, code: "IntercomNetworkError", maybeCreated: true, ms },
    ]);
  });
});

describe("createLeadHandler with a throwing onEvent", () => {
  it("answers as it would without one", async () => {
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      allowedOrigins: [PAGE_ORIGIN],
      fetch: async () => Response.json({ type: "contact", id: "1", role: "lead", email: "a@b.co" }),
      onEvent: () => {
        throw new Error("metrics are down");
      },
    });
    const post = (origin: string) =>
      handler(
        new Request("https://proxy.example/contacts", {
          method: "POST",
          headers: { origin, "content-type": "application/json" },
          body: JSON.stringify({ email: "a@b.co" }),
        }),
      );
    const created = await post(PAGE_ORIGIN);
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ type: "contact", id: "1", role: "lead", email: "a@b.co" });
    expect((await post("https://evil.example")).status).toBe(403);
  });
});

describe("createLeadHandler with verify", () => {
  const errors: unknown[] = [];
  const events: LeadHandlerEvent[] = [];
  const inputs: unknown[] = [];
  const proxy = useLeadProxy({
    verify: async (_request, input) => {
      inputs.push(input);
      if (input.name === "throws") throw new Error("captcha service down");
      return input.name !== "robot";
    },
    onError: (error) => errors.push(error),
    onEvent: (event) => events.push(event),
  });

  it("gets the checked input, without role", async () => {
    await proxy.post({ ...lead, role: "lead" });
    expect(inputs).toEqual([lead]);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("fails closed when the check throws, and reports the error", async () => {
    const response = await proxy.post({ ...lead, name: "throws" });
    expect(response.status).toBe(403);
    expect(String(errors.at(-1))).toBe("Error: captcha service down");
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("refuses what it says no to, before beforeCreate and before Intercom", async () => {
    const response = await proxy.post({ ...lead, name: "robot" });
    expect(response.status).toBe(403);
    expect(proxy.fake.requests).toHaveLength(0);
  });
});
