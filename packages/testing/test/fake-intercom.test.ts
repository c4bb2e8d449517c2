import type { Contact, LegacyLead } from "@intercom-leads/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  FakeConnectionResetError,
  type FakeIntercom,
  type FakeIntercomOptions,
} from "../src/index.ts";
import { type FakeIntercomServer, serveFakeIntercom } from "../src/node.ts";
import { validateAnswer } from "./support/answer-validators.ts";
import { arrivals } from "./support/arrivals.ts";
import { createLeadSeed, validateErrorList, validateLegacyLead } from "./support/spec-validators.ts";

const ORIGIN = "https://api.intercom.test";
// 2023-11-14T22:13:20.500Z: Unix seconds 1700000000 = 0x6553f100, the first 8 hex digits of every id.
const T0 = 1_700_000_000_500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEADERS: Record<string, string> = {
  authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
  accept: "application/json",
  "content-type": "application/json",
};

/** A fake on a clock that only moves when the test moves it. */
function fakeAt(options: FakeIntercomOptions = {}) {
  const clock = { now: T0 };
  const fake = createFakeIntercom({ now: () => clock.now, ...options });
  return { fake, clock };
}

function post(body: unknown, headers: Record<string, string | undefined> = {}, signal?: AbortSignal): Request {
  return new Request(`${ORIGIN}/contacts`, {
    method: "POST",
    headers: withHeaders(headers),
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

function get(path: string, headers: Record<string, string | undefined> = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers: withHeaders(headers) });
}

/** HEADERS with overrides; `undefined` removes a header. */
function withHeaders(overrides: Record<string, string | undefined>): Headers {
  const headers = new Headers(HEADERS);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
  }
  return headers;
}

async function errorOf(response: Response): Promise<{ code: string; message?: string | null; field?: string | null }> {
  const body = (await response.json()) as { type: string; request_id: string; errors: { code: string }[] };
  expect(body.type).toBe("error.list");
  expect(validateErrorList(body)).toEqual({ valid: true, errors: [] });
  expect(body.request_id).toBe(response.headers.get("x-request-id"));
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

function expectedContact(id: string, fields: Partial<Contact>): Contact {
  const list = (collection: string) => ({
    type: "list" as const,
    data: [],
    url: `/contacts/${id}/${collection}`,
    total_count: 0,
    has_more: false,
  });
  return {
    type: "contact",
    id,
    workspace_id: "ja43hiec",
    external_id: null,
    role: "lead",
    email: "",
    email_domain: "",
    phone: null,
    name: null,
    avatar: null,
    owner_id: null,
    social_profiles: { type: "list", data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    signed_up_at: null,
    last_seen_at: null,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: null,
    browser_version: null,
    browser_language: null,
    os: null,
    location: { type: "location", country: null, region: null, city: null, country_code: null, continent_code: null },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: {},
    tags: list("tags"),
    notes: list("notes"),
    companies: list("companies"),
    opted_out_subscription_types: list("subscriptions"),
    opted_in_subscription_types: list("subscriptions"),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    enabled_push_messaging: null,
    ...fields,
  };
}

describe("POST /contacts with API 2.x", () => {
  it("creates a lead and answers the full spec contact", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(
      post({
        role: "lead",
        email: "Winston@Truth.org",
        name: "Winston Smith",
        phone: "123987456",
        custom_attributes: { paid: true, spend: 155.5, plan: "pro", note: null },
      }),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-request-id")).toMatch(UUID);
    const body = (await response.json()) as Contact;
    expect(body).toEqual(
      expectedContact("6553f1000000000000000000", {
        email: "Winston@Truth.org",
        email_domain: "truth.org",
        name: "Winston Smith",
        phone: "123987456",
        custom_attributes: { paid: true, spend: 155.5, plan: "pro", note: null },
      }),
    );
    expect(validateAnswer("2.14", "create", body)).toEqual({ valid: true, errors: [] });
    expect(fake.leads).toHaveLength(1);
    expect(fake.contacts).toHaveLength(1);
    expect(fake.leads[0]).toEqual({ id: body.id, apiVersion: "2.14", at: T0, legacy: false, role: "lead", body });
  });

  it("echoes the optional 2.x fields a lead may carry", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(
      post({
        role: "lead",
        external_id: "ext-1",
        avatar: "https://example.org/a.png",
        owner_id: 321,
        last_seen_at: 1_690_000_000,
        unsubscribed_from_emails: true,
      }),
    );
    const body = (await response.json()) as Contact;
    expect(body).toMatchObject({
      external_id: "ext-1",
      avatar: { type: "avatar", image_url: "https://example.org/a.png" },
      // An integer in 2.14 (the default version), as its description types it; a string from 2.16.
      owner_id: 321,
      last_seen_at: 1_690_000_000,
      unsubscribed_from_emails: true,
      email: "",
      email_domain: "",
    });
    expect(validateAnswer("2.14", "create", body)).toEqual({ valid: true, errors: [] });
  });

  it("creates a lead from an empty lead: leads need no identifier", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expectedContact("6553f1000000000000000000", {}));
    expect(fake.leads).toHaveLength(1);
  });

  it("creates a user, not a lead, when the role is left out", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ email: "julia@truth.org" }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as Contact).role).toBe("user");
    expect(fake.contacts).toHaveLength(1);
    expect(fake.contacts[0]!.role).toBe("user");
    expect(fake.leads).toHaveLength(0);
  });

  it.each([
    ["a role other than user or lead", { role: "admin", email: "a@b.co" }, "role"],
    ["an email that is not an address", { role: "lead", email: "not-an-email" }, "email"],
    ["an email that is not a string", { role: "lead", email: 42 }, "email"],
    ["a user without email or external_id", { role: "user", name: "Nobody" }, "email"],
    ["no role (a user) and no identifier", { name: "Nobody" }, "email"],
    ["nested custom attributes", { role: "lead", custom_attributes: { plan: { tier: 1 } } }, "custom_attributes"],
    ["array custom attributes", { role: "lead", custom_attributes: ["x"] }, "custom_attributes"],
    ["email_verified without an email", { role: "lead", email_verified: true }, "email_verified"],
    ["a name that is not a string", { role: "lead", name: 7 }, "name"],
  ])("refuses %s with 400 parameter_invalid", async (_, body, field) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post(body));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "parameter_invalid", field });
    expect(fake.contacts).toHaveLength(0);
  });

  it("gives each contact its own 24-hex id", async () => {
    const { fake, clock } = fakeAt();
    await fake.fetch(post({ role: "lead" }));
    clock.now += 1000;
    await fake.fetch(post({ role: "lead" }));
    expect(fake.leads.map((lead) => lead.id)).toEqual(["6553f1000000000000000000", "6553f1010000000000000001"]);
  });
});

describe("POST /contacts with API 1.x", () => {
  const seedLead = createLeadSeed.response.body;

  it("answers the legacy lead with the seed document's keys, in order", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(
      post({ ...createLeadSeed.request.body, utm_source: "newsletter" }, { "intercom-version": "1.4" }),
    );

    expect(response.status).toBe(200);
    const lead = (await response.json()) as LegacyLead;
    expect(Object.keys(lead)).toEqual(Object.keys(seedLead));
    for (const wrapper of ["avatar", "companies", "location_data", "social_profiles", "tags", "segments"]) {
      expect(Object.keys(lead[wrapper] as object)).toEqual(Object.keys(seedLead[wrapper] as object));
    }
    expect(validateLegacyLead(lead)).toEqual({ valid: true, errors: [] });
    expect(lead).toEqual({
      type: "contact",
      id: "6553f1000000000000000000",
      user_id: expect.stringMatching(UUID),
      anonymous: true,
      email: "winstonsmith@truth.org",
      phone: "123987456",
      name: "Winston Smith",
      pseudonym: "Lime Camel from Dublin",
      avatar: { type: "avatar", image_url: null },
      app_id: "ja43hiec",
      companies: { type: "company.list", companies: [] },
      location_data: {
        type: "location_data",
        city_name: "Dublin",
        continent_code: "EU",
        country_name: "Ireland",
        postal_code: "D02",
        region_name: "Dublin",
        timezone: "Europe/Dublin",
        country_code: "IRL",
      },
      last_request_at: null,
      created_at: 1_700_000_000,
      remote_created_at: null,
      signed_up_at: null,
      updated_at: 1_700_000_000,
      session_count: 0,
      social_profiles: { type: "social_profile.list", social_profiles: [] },
      unsubscribed_from_emails: false,
      tags: { type: "tag.list", tags: [] },
      utm_campaign: null,
      utm_content: null,
      utm_medium: null,
      utm_source: "newsletter",
      utm_term: null,
      segments: { type: "segment.list", segments: [] },
      custom_attributes: {},
    });
    expect(fake.leads).toHaveLength(1);
    expect(fake.leads[0]).toMatchObject({ legacy: true, role: "lead", apiVersion: "1.4", id: lead.id });
  });

  it("uses the app's default version when the request names none", async () => {
    const { fake } = fakeAt({ defaultApiVersion: "1.1", workspaceId: "abc123" });
    const response = await fake.fetch(post({ email: "a@b.co" }, { "intercom-version": undefined }));
    const lead = (await response.json()) as LegacyLead;
    expect(lead.app_id).toBe("abc123");
    expect(lead.anonymous).toBe(true);
    expect(fake.requests[0]!.apiVersion).toBe("1.1");
    expect(fake.leads[0]!.apiVersion).toBe("1.1");
  });

  it("sets last_request_at to now when asked to", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ update_last_request_at: true }, { "intercom-version": "1.4" }));
    expect(((await response.json()) as LegacyLead).last_request_at).toBe(1_700_000_000);
  });

  it.each(["user_id", "signed_up_at", "session_count", "new_session"])(
    "refuses %s with 400 parameter_invalid",
    async (field) => {
      const { fake } = fakeAt();
      const value = field === "user_id" ? "my-own-id" : field === "new_session" ? true : 1;
      const response = await fake.fetch(post({ email: "a@b.co", [field]: value }, { "intercom-version": "1.4" }));
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: "parameter_invalid", field });
      expect(fake.leads).toHaveLength(0);
    },
  );

  it("validates email and custom attributes as 2.x does", async () => {
    const { fake } = fakeAt();
    const badEmail = await fake.fetch(post({ email: "nope" }, { "intercom-version": "1.4" }));
    expect(await errorOf(badEmail)).toMatchObject({ code: "parameter_invalid", field: "email" });
    const nested = await fake.fetch(post({ custom_attributes: { a: [1] } }, { "intercom-version": "1.4" }));
    expect(await errorOf(nested)).toMatchObject({ code: "parameter_invalid", field: "custom_attributes" });
    expect(fake.leads).toHaveLength(0);
  });
});

describe("request checks", () => {
  it.each([
    ["no Authorization header", { authorization: undefined }],
    ["a wrong token", { authorization: "Bearer wrong" }],
    ["another scheme", { authorization: `Basic ${FAKE_INTERCOM_TOKEN}` }],
  ])("answers 401 unauthorized for %s", async (_, headers) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }, headers));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({ code: "unauthorized", message: "Access Token Invalid" });
    expect(fake.leads).toHaveLength(0);
  });

  it("accepts any of the configured tokens, and only those", async () => {
    const { fake } = fakeAt({ token: ["one", "two"] });
    expect((await fake.fetch(post({ role: "lead" }, { authorization: "Bearer two" }))).status).toBe(200);
    expect((await fake.fetch(post({ role: "lead" }, { authorization: "bearer one" }))).status).toBe(200);
    expect((await fake.fetch(post({ role: "lead" }))).status).toBe(401);
  });

  it.each([
    ["no Accept header", undefined],
    ["another type", "text/html"],
    ["several other types", "text/html, application/xml;q=0.9, text/*"],
    ["JSON refused with q=0", "application/json;q=0, */*"],
    ["the application wildcard refused with q=0", "application/*;q=0, */*"],
    ["a wildcard refused with q=0", "*/*;q=0"],
    ["an empty header", ""],
  ])("answers 406 media_type_not_acceptable for %s", async (_, accept) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }, { accept }));
    expect(response.status).toBe(406);
    expect(await errorOf(response)).toEqual({
      code: "media_type_not_acceptable",
      message: "The Accept header should send a media type of application/json",
    });
    expect(fake.leads).toHaveLength(0);
  });

  it.each([
    ["JSON", "application/json"],
    ["JSON with parameters", "application/json; charset=utf-8"],
    ["the full wildcard, as the official SDK sends it", "*/*"],
    ["the application wildcard", "application/*"],
    ["a list naming JSON, with q-values", "text/html, Application/JSON; q=0.9"],
    ["a wildcard with a low q after other types", "text/html, application/xhtml+xml, */*;q=0.8"],
    ["JSON kept when only another subtype is refused", "application/xml;q=0, application/*"],
  ])("accepts %s", async (_, accept) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }, { accept }));
    expect(response.status).toBe(200);
    expect(fake.leads).toHaveLength(1);
  });

  it.each(["3.0", "2", "latest", "2.14.1"])(
    "answers 400 intercom_version_invalid for Intercom-Version %s",
    async (version) => {
      const { fake } = fakeAt();
      const response = await fake.fetch(post({ role: "lead" }, { "intercom-version": version }));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe("intercom_version_invalid");
      expect(fake.requests[0]!.apiVersion).toBe(version);
    },
  );

  it.each(["Preview", "Unstable"])("treats %s as a 2.x version", async (version) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }, { "intercom-version": version }));
    expect(((await response.json()) as Contact).role).toBe("lead");
    expect(fake.leads[0]!.apiVersion).toBe(version);
  });

  it("answers 415 unsupported_media_type for a body that is not announced as JSON", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }, { "content-type": "text/plain" }));
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe("unsupported_media_type");
    expect(fake.leads).toHaveLength(0);
  });

  it.each([
    ["malformed JSON", '{"role": '],
    ["an empty body", ""],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["a JSON string", '"lead"'],
  ])("answers 400 bad_request for %s", async (_, raw) => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post(raw));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("bad_request");
  });

  it("checks in Intercom's order: token, Accept, version, route, body", async () => {
    const { fake } = fakeAt();
    const everythingWrong = {
      authorization: "Bearer wrong",
      accept: "text/html",
      "intercom-version": "9",
      "content-type": "text/plain",
    };
    expect((await fake.fetch(post("x", everythingWrong))).status).toBe(401);
    const rightToken = { ...everythingWrong, authorization: HEADERS.authorization };
    expect((await fake.fetch(post("x", rightToken))).status).toBe(406);
    expect((await fake.fetch(post("x", { ...rightToken, accept: "application/json" }))).status).toBe(400);
    const wrongRoute = new Request(`${ORIGIN}/nowhere`, {
      method: "POST",
      headers: withHeaders({ "content-type": "text/plain" }),
      body: "x",
    });
    expect((await fake.fetch(wrongRoute)).status).toBe(404);
    expect((await fake.fetch(post("x", { "content-type": "text/plain" }))).status).toBe(415);
  });
});

describe("routes", () => {
  it("serves a stored contact at GET /contacts/{id}", async () => {
    const { fake } = fakeAt();
    const created = (await (await fake.fetch(post({ role: "lead", email: "a@b.co" }))).json()) as Contact;
    const response = await fake.fetch(get(`/contacts/${created.id}`, { "content-type": undefined }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created);
  });

  it("answers 404 Contact Not Found for an unknown id", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(get("/contacts/5811f6bbe6b4704ddfa84ac0"));
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toEqual({ code: "not_found", message: "Contact Not Found" });
  });

  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    const { fake } = fakeAt();
    const unknown = await fake.fetch(get("/companies"));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("not_found");

    const replacing = await fake.fetch(new Request(`${ORIGIN}/contacts`, { method: "PUT", headers: withHeaders({}) }));
    expect(replacing.status).toBe(405);
    expect(replacing.headers.get("allow")).toBe("GET, POST");
    const deletion = await fake.fetch(
      new Request(`${ORIGIN}/contacts/abc`, { method: "DELETE", headers: withHeaders({}) }),
    );
    expect(deletion.status).toBe(405);
    expect(deletion.headers.get("allow")).toBe("GET");
  });

  it("takes fetch's (url, init) form too", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(`${ORIGIN}/contacts`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({ role: "lead" }),
    });
    expect(response.status).toBe(200);
    expect(fake.leads).toHaveLength(1);
  });
});

describe("recorded requests", () => {
  it("records every request, rejected ones included, with the answer's status", async () => {
    const { fake, clock } = fakeAt();
    await fake.fetch(post({ role: "lead", email: "a@b.co" }, { "X-Custom": "yes" }));
    clock.now += 5;
    await fake.fetch(post("not json", { authorization: undefined, "content-type": "text/plain" }));
    await fake.fetch(get("/contacts/nope"));

    expect(fake.requests).toEqual([
      {
        method: "POST",
        path: "/contacts",
        url: `${ORIGIN}/contacts`,
        headers: { ...HEADERS, "x-custom": "yes" },
        body: { role: "lead", email: "a@b.co" },
        apiVersion: "2.14",
        at: T0,
        status: 200,
      },
      {
        method: "POST",
        path: "/contacts",
        url: `${ORIGIN}/contacts`,
        headers: { accept: "application/json", "content-type": "text/plain" },
        body: "not json",
        apiVersion: "2.14",
        at: T0 + 5,
        status: 401,
      },
      {
        method: "GET",
        path: "/contacts/nope",
        url: `${ORIGIN}/contacts/nope`,
        headers: HEADERS,
        body: undefined,
        apiVersion: "2.14",
        at: T0 + 5,
        status: 404,
      },
    ]);
  });

  it("answers 500 JSON instead of throwing when the fake itself fails", async () => {
    const fake = createFakeIntercom({
      now: () => {
        throw new Error("clock broke");
      },
    });
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await errorOf(response)).toMatchObject({ code: "server_error" });
  });

  it("refuses options that cannot work", () => {
    expect(() => createFakeIntercom({ defaultApiVersion: "latest" })).toThrow(RangeError);
    expect(() => createFakeIntercom({ rateLimit: { limit: 10, windowMs: 0 } })).toThrow(RangeError);
    expect(() => createFakeIntercom({ rateLimit: { limit: -1, windowMs: 1000 } })).toThrow(RangeError);
  });
});

describe("rate limiting", () => {
  it("counts every request in fixed windows and answers 429 over the limit", async () => {
    // 3s into the window [1700000000000, 1700000010000): it resets at Unix second 1700000010.
    const { fake, clock } = fakeAt({ rateLimit: { limit: 3, windowMs: 10_000 } });
    clock.now = 1_700_000_003_000;

    const first = await fake.fetch(post({ role: "lead" }));
    expect(first.status).toBe(200);
    expect([
      first.headers.get("x-ratelimit-limit"),
      first.headers.get("x-ratelimit-remaining"),
      first.headers.get("x-ratelimit-reset"),
    ]).toEqual(["3", "2", "1700000010"]);

    // Rejected requests use up the window too.
    const unauthorized = await fake.fetch(post({ role: "lead" }, { authorization: "Bearer wrong" }));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("x-ratelimit-remaining")).toBe("1");

    clock.now = 1_700_000_009_999;
    const third = await fake.fetch(post({ role: "lead" }));
    expect(third.status).toBe(200);
    expect(third.headers.get("x-ratelimit-remaining")).toBe("0");

    const limited = await fake.fetch(post({ role: "lead" }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset")).toBe("1700000010");
    expect(await errorOf(limited)).toEqual({
      code: "rate_limit_exceeded",
      message: "Exceeded rate limit of 3 in 10_seconds",
    });
    // The limit comes before the token check.
    expect((await fake.fetch(post({ role: "lead" }, { authorization: undefined }))).status).toBe(429);
    expect(fake.leads).toHaveLength(2);

    clock.now = 1_700_000_010_000;
    const nextWindow = await fake.fetch(post({ role: "lead" }));
    expect(nextWindow.status).toBe(200);
    expect(nextWindow.headers.get("x-ratelimit-remaining")).toBe("2");
    expect(nextWindow.headers.get("x-ratelimit-reset")).toBe("1700000020");
    expect(fake.leads).toHaveLength(3);
  });

  it("rounds the reset up to whole seconds for windows that are not", async () => {
    // Window [1700000001000, 1700000002500) ends at 1700000002.5 s.
    const { fake, clock } = fakeAt({ rateLimit: { limit: 1, windowMs: 1500 } });
    clock.now = 1_700_000_001_200;
    expect((await fake.fetch(post({ role: "lead" }))).headers.get("x-ratelimit-reset")).toBe("1700000003");
    const limited = await fake.fetch(post({ role: "lead" }));
    expect(await errorOf(limited)).toMatchObject({ message: "Exceeded rate limit of 1 in 1500_milliseconds" });
  });

  it("defaults to 1666 per 10 seconds", async () => {
    const { fake } = fakeAt();
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.headers.get("x-ratelimit-limit")).toBe("1666");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("1665");
    expect(response.headers.get("x-ratelimit-reset")).toBe("1700000010");
  });

  it("sends no rate headers and never limits when turned off", async () => {
    const { fake } = fakeAt({ rateLimit: false });
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.headers.has("x-ratelimit-limit")).toBe(false);
    expect(response.headers.has("x-ratelimit-remaining")).toBe(false);
    expect(response.headers.has("x-ratelimit-reset")).toBe(false);
    expect(response.headers.get("x-request-id")).toMatch(UUID);
  });
});

describe("injected faults", () => {
  it("rate-limit: a 429 that stores nothing, for the next request only", async () => {
    const { fake } = fakeAt();
    fake.inject({ kind: "rate-limit" });
    const limited = await fake.fetch(post({ role: "lead" }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((await errorOf(limited)).code).toBe("rate_limit_exceeded");
    expect(fake.leads).toHaveLength(0);
    expect((await fake.fetch(post({ role: "lead" }))).status).toBe(200);
    expect(fake.leads).toHaveLength(1);
  });

  it("times: the fault repeats, and faults queue in order", async () => {
    const { fake } = fakeAt();
    fake.inject({ kind: "rate-limit" }, { times: 2 });
    fake.inject({ kind: "server-error", stored: false });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fake.fetch(post({ role: "lead" }))).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
    expect(fake.leads).toHaveLength(1);
  });

  it.each([
    [false, 0],
    [true, 1],
  ])("server-error stored=%s: a JSON 500, %i lead stored", async (stored, leads) => {
    const { fake } = fakeAt();
    fake.inject({ kind: "server-error", stored });
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await errorOf(response)).toEqual({ code: "server_error", message: "Server Error" });
    expect(fake.leads).toHaveLength(leads);
  });

  it("server-error with a status: a 503 reads as Intercom's service_unavailable", async () => {
    const { fake } = fakeAt();
    fake.inject({ kind: "server-error", status: 503, stored: false });
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe("service_unavailable");
  });

  it("a stored fault stores only what Intercom would have accepted", async () => {
    const { fake } = fakeAt();
    fake.inject({ kind: "server-error", stored: true });
    const response = await fake.fetch(post({ role: "lead", email: "not-an-email" }));
    expect(response.status).toBe(500);
    expect(fake.leads).toHaveLength(0);
  });

  it.each([
    [undefined, 0],
    [false, 0],
    [true, 1],
  ])("html-502 stored=%s: an HTML page, %i lead stored", async (stored, leads) => {
    const { fake } = fakeAt();
    fake.inject(stored === undefined ? { kind: "html-502" } : { kind: "html-502", stored });
    const response = await fake.fetch(post({ role: "lead" }));
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toContain("<h1>502 Bad Gateway</h1>");
    expect(fake.leads).toHaveLength(leads);
  });

  describe("slow, on fake timers", () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Starts `request`; `answered()` says whether its answer has come. */
    function send(fake: FakeIntercom, request: Request): { pending: Promise<Response>; answered: () => boolean } {
      let done = false;
      const pending = fake.fetch(request).finally(() => {
        done = true;
      });
      return { pending, answered: () => done };
    }

    it("slow (stored by default): the lead is stored on arrival, the answer comes after delayMs", async () => {
      const { fake } = fakeAt();
      fake.inject({ kind: "slow", delayMs: 80 });
      const { pending, answered } = send(fake, post({ role: "lead" }));
      await arrivals(fake, 1);
      expect(fake.leads).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(79);
      expect(answered()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered()).toBe(true);
      expect((await pending).status).toBe(200);
      expect(fake.leads).toHaveLength(1);
    });

    it("slow stored=false: nothing is stored until the delay is over", async () => {
      const { fake, clock } = fakeAt();
      fake.inject({ kind: "slow", delayMs: 60, stored: false });
      const { pending, answered } = send(fake, post({ role: "lead" }));
      await arrivals(fake, 1);
      await vi.advanceTimersByTimeAsync(59);
      expect(fake.leads).toHaveLength(0);
      expect(answered()).toBe(false);
      clock.now += 60;
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(200);
      // Stored when the delay ended, as the fake's clock then read.
      expect(fake.leads.map((lead) => lead.at)).toEqual([T0 + 60]);
    });

    it.each([
      [undefined, 1],
      [false, 0],
    ])("slow stored=%s stops waiting when the request aborts (%i lead stored)", async (stored, leads) => {
      const { fake } = fakeAt();
      fake.inject(stored === undefined ? { kind: "slow", delayMs: 10_000 } : { kind: "slow", delayMs: 10_000, stored });
      const controller = new AbortController();
      const { pending } = send(fake, post({ role: "lead" }, {}, controller.signal));
      await arrivals(fake, 1);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort();
      // No time has passed: the abort ended the wait, and its timer is gone.
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
      expect(vi.getTimerCount()).toBe(0);
      expect(fake.leads).toHaveLength(leads);
      expect(fake.requests[0]!.status).toBeUndefined();
    });
  });

  it.each([
    [false, 0],
    [true, 1],
  ])("drop-connection stored=%s: fetch rejects like a reset socket, %i lead stored", async (stored, leads) => {
    const { fake } = fakeAt();
    fake.inject({ kind: "drop-connection", stored });
    const error: unknown = await fake.fetch(post({ role: "lead" })).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect((error as TypeError).cause).toBeInstanceOf(FakeConnectionResetError);
    expect((error as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
    expect(fake.leads).toHaveLength(leads);
    expect(fake.requests[0]!.status).toBeUndefined();
  });

  it("faults wait for a create request that passed the checks", async () => {
    const { fake } = fakeAt();
    fake.inject({ kind: "server-error", stored: false });
    expect((await fake.fetch(get("/contacts/abc"))).status).toBe(404);
    expect((await fake.fetch(post({ role: "lead" }, { authorization: undefined }))).status).toBe(401);
    expect((await fake.fetch(post({ role: "lead" }))).status).toBe(500);
    expect((await fake.fetch(post({ role: "lead" }))).status).toBe(200);
  });

  it("refuses faults that could only be a mistake", () => {
    const { fake } = fakeAt();
    expect(() => fake.inject({ kind: "rate-limit" }, { times: 0 })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "server-error", status: 404, stored: false })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "slow", delayMs: -1 })).toThrow(RangeError);
  });
});

describe("reset()", () => {
  it("clears contacts, requests, queued faults and rate windows", async () => {
    const { fake } = fakeAt({ rateLimit: { limit: 2, windowMs: 10_000 } });
    await fake.fetch(post({ role: "lead" }));
    await fake.fetch(post({ email: "user@b.co" }));
    fake.inject({ kind: "rate-limit" }, { times: 3 });
    expect((await fake.fetch(post({ role: "lead" }))).status).toBe(429);

    fake.reset();
    expect(fake.contacts).toHaveLength(0);
    expect(fake.leads).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
    const after = await fake.fetch(post({ role: "lead" }));
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it("keeps ids unique across resets, so an old id cannot find a new contact", async () => {
    const { fake } = fakeAt();
    const before = (await (await fake.fetch(post({ role: "lead" }))).json()) as Contact;
    fake.reset();
    await fake.fetch(post({ role: "lead" }));
    expect(fake.leads[0]!.id).not.toBe(before.id);
    expect((await fake.fetch(get(`/contacts/${before.id}`))).status).toBe(404);
  });
});

describe("over HTTP with serveFakeIntercom", () => {
  let server: FakeIntercomServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("creates a lead and serves it back through global fetch", async () => {
    const { fake } = fakeAt();
    server = await serveFakeIntercom(fake);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${server.url}/contacts`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({ role: "lead", email: "a@b.co" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-ratelimit-limit")).toBe("1666");
    const body = (await response.json()) as Contact;
    expect(body).toEqual(expectedContact("6553f1000000000000000000", { email: "a@b.co", email_domain: "b.co" }));
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: "/contacts",
      url: `${server.url}/contacts`,
      body: { role: "lead", email: "a@b.co" },
    });
    expect(fake.requests[0]!.headers).toMatchObject(HEADERS);

    const fetched = await fetch(`${server.url}/contacts/${body.id}`, { headers: HEADERS });
    expect(await fetched.json()).toEqual(body);
  });

  it("passes errors through with their status and headers", async () => {
    const { fake } = fakeAt();
    server = await serveFakeIntercom(fake);
    const response = await fetch(`${server.url}/contacts`, {
      method: "POST",
      headers: { ...HEADERS, accept: "text/html" },
      body: "{}",
    });
    expect(response.status).toBe(406);
    expect((await errorOf(response)).code).toBe("media_type_not_acceptable");
  });

  it("html-502 arrives as an HTML page", async () => {
    const { fake } = fakeAt();
    server = await serveFakeIntercom(fake);
    fake.inject({ kind: "html-502" });
    const response = await fetch(`${server.url}/contacts`, { method: "POST", headers: HEADERS, body: "{}" });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toContain("502 Bad Gateway");
  });

  it.each([
    [false, 0],
    [true, 1],
  ])(
    "drop-connection stored=%s resets the socket: fetch rejects with ECONNRESET, %i lead stored",
    async (stored, leads) => {
      const { fake } = fakeAt();
      server = await serveFakeIntercom(fake);
      fake.inject({ kind: "drop-connection", stored });
      const error: unknown = await fetch(`${server.url}/contacts`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({ role: "lead" }),
      }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
      expect(fake.leads).toHaveLength(leads);
      // The server keeps serving after a reset.
      const next = await fetch(`${server.url}/contacts`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({ role: "lead" }),
      });
      expect(next.status).toBe(200);
    },
  );

  it("answers a handler that throws with Intercom's 500 error.list", async () => {
    server = await serveFakeIntercom(async () => {
      throw new Error("boom");
    });
    const response = await fetch(`${server.url}/contacts`, { headers: HEADERS });
    expect(response.status).toBe(500);
    expect(await errorOf(response)).toEqual({ code: "server_error", message: "Fake Intercom server failed: boom" });
  });

  it("aborts the slow fault's wait when the client disconnects", async () => {
    const { fake } = fakeAt();
    let settle: (outcome: unknown) => void = () => {};
    const handlerOutcome = new Promise<unknown>((resolve) => {
      settle = resolve;
    });
    server = await serveFakeIntercom((request) =>
      fake.fetch(request).then(
        (response) => {
          settle(response);
          return response;
        },
        (error: unknown) => {
          settle(error);
          throw error;
        },
      ),
    );
    fake.inject({ kind: "slow", delayMs: 10_000, stored: false });

    const controller = new AbortController();
    const started = performance.now();
    const client = fetch(`${server.url}/contacts`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({ role: "lead" }),
      signal: controller.signal,
    });
    // Aborted once the fake is waiting out the fault, not at some moment that may come before.
    await arrivals(fake, 1);
    controller.abort();
    await expect(client).rejects.toMatchObject({ name: "AbortError" });

    expect(await handlerOutcome).toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fake.leads).toHaveLength(0);
  });

  it("close() does not wait for idle keep-alive connections", async () => {
    const { fake } = fakeAt();
    const running = await serveFakeIntercom(fake);
    await (await fetch(`${running.url}/contacts/x`, { headers: HEADERS })).text();
    const started = performance.now();
    await running.close();
    await running.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(`${running.url}/contacts/x`, { headers: HEADERS })).rejects.toBeInstanceOf(TypeError);
  });
});
