import type { Contact, LegacyLead } from "@intercom-leads/core";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeContactList,
  type FakeIntercom,
  type FakeIntercomOptions,
  type FakeLegacyContactList,
} from "../src/index.ts";
import { serveFakeIntercom } from "../src/node.ts";
import { validateAnswer } from "./support/answer-validators.ts";
import { arrivals } from "./support/arrivals.ts";
import { validateErrorList, validateLegacyLead } from "./support/spec-validators.ts";

const ORIGIN = "https://api.intercom.test";
// 2023-11-14T22:13:20.500Z. That UTC day runs from 1699920000 to 1700006400 (Unix seconds).
const T0 = 1_700_000_000_500;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const HEADERS: Record<string, string> = {
  authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
  accept: "application/json",
  "content-type": "application/json",
};
const LEGACY = { "intercom-version": "1.4" };

type Overrides = Record<string, string | undefined>;

interface Harness {
  fake: FakeIntercom;
  clock: { now: number };
  /** Where requests go: the fake's made-up origin, or the server's. */
  base: string;
  send(method: string, path: string, body?: unknown, headers?: Overrides): Promise<Response>;
  create(body: Record<string, unknown>, headers?: Overrides): Promise<Contact>;
  createLegacy(body: Record<string, unknown>): Promise<LegacyLead>;
  search(body: unknown, headers?: Overrides): Promise<Response>;
  list(query: string, headers?: Overrides): Promise<Response>;
}

const TRANSPORTS = ["fake.fetch", "HTTP"] as const;
type Transport = (typeof TRANSPORTS)[number];

/** A fake on a clock that moves only when the test moves it, reached through `transport`. */
async function harness(transport: Transport, options: FakeIntercomOptions = {}): Promise<Harness> {
  const clock = { now: T0 };
  const fake = createFakeIntercom({ now: () => clock.now, ...options });
  let base = ORIGIN;
  let deliver = (request: Request): Promise<Response> => fake.fetch(request);
  if (transport === "HTTP") {
    const server = await serveFakeIntercom(fake);
    onTestFinished(() => server.close());
    base = server.url;
    deliver = (request) => fetch(request);
  }
  const send = (method: string, path: string, body?: unknown, overrides: Overrides = {}): Promise<Response> => {
    const headers = new Headers(HEADERS);
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) headers.delete(name);
      else headers.set(name, value);
    }
    const payload = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
    return deliver(new Request(`${base}${path}`, { method, headers, body: payload }));
  };
  const created = async <T>(response: Response): Promise<T> => {
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  return {
    fake,
    clock,
    base,
    send,
    create: async (body, headers) => created<Contact>(await send("POST", "/contacts", body, headers)),
    createLegacy: async (body) => created<LegacyLead>(await send("POST", "/contacts", body, LEGACY)),
    search: (body, headers) => send("POST", "/contacts/search", body, headers),
    list: (query, headers) => send("GET", `/contacts${query}`, undefined, { ...LEGACY, ...headers }),
  };
}

async function listOf(response: Response): Promise<FakeContactList> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  const body = (await response.json()) as FakeContactList;
  expect(validateAnswer("2.14", "search", body)).toEqual({ valid: true, errors: [] });
  return body;
}

async function legacyListOf(response: Response): Promise<FakeLegacyContactList> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as FakeLegacyContactList;
  for (const lead of body.contacts) expect(validateLegacyLead(lead)).toEqual({ valid: true, errors: [] });
  return body;
}

async function errorOf(response: Response): Promise<{ code: string; message?: string | null; field?: string | null }> {
  const body = (await response.json()) as { type: string; request_id: string; errors: { code: string }[] };
  expect(validateErrorList(body)).toEqual({ valid: true, errors: [] });
  expect(body.request_id).toBe(response.headers.get("x-request-id"));
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

const byEmail = (value: string) => ({ query: { field: "email", operator: "=", value } });
const leadByEmail = (value: string) => ({
  query: {
    operator: "AND",
    value: [
      { field: "role", operator: "=", value: "lead" },
      { field: "email", operator: "=", value },
    ],
  },
});
const onePage = (perPage = 50, count = 1) => ({
  type: "pages",
  page: 1,
  per_page: perPage,
  total_pages: count === 0 ? 0 : Math.ceil(count / perPage),
});

describe.each(TRANSPORTS)("POST /contacts/search over %s", (transport) => {
  it("finds every contact with an email, users included, with a single filter", async () => {
    const h = await harness(transport);
    const lead = await h.create({ role: "lead", email: "winston@truth.org" });
    await h.create({ role: "lead", email: "julia@truth.org" });
    const user = await h.create({ email: "winston@truth.org" });

    expect(await listOf(await h.search(byEmail("winston@truth.org")))).toEqual({
      type: "list",
      data: [lead, user],
      total_count: 2,
      pages: onePage(50, 2),
    });
  });

  it("finds only the lead with the role filter, whatever the email's case", async () => {
    const h = await harness(transport);
    await h.create({ email: "winston@truth.org" });
    const lead = await h.create({ role: "lead", email: "Winston@Truth.org" });

    const expected = { type: "list", data: [lead], total_count: 1, pages: onePage() };
    expect(await listOf(await h.search(leadByEmail("winston@truth.org")))).toEqual(expected);
    expect(await listOf(await h.search(leadByEmail("WINSTON@TRUTH.ORG")))).toEqual(expected);
  });

  it("answers an empty list when nothing matches, as the spec's example", async () => {
    const h = await harness(transport);
    await h.create({ role: "lead", email: "julia@truth.org" });
    expect(await listOf(await h.search(leadByEmail("nobody@truth.org")))).toEqual({
      type: "list",
      data: [],
      total_count: 0,
      pages: onePage(50, 0),
    });
  });

  it("combines OR inside AND, and filters on external_id, role and absent values", async () => {
    const h = await harness(transport);
    const winston = await h.create({ role: "lead", email: "winston@truth.org", external_id: "w-1" });
    const julia = await h.create({ role: "lead", email: "julia@truth.org" });
    await h.create({ email: "julia@truth.org" });
    await h.create({ role: "lead", email: "obrien@truth.org" });

    const either = {
      query: {
        operator: "AND",
        value: [
          { field: "role", operator: "=", value: "lead" },
          {
            operator: "OR",
            value: [
              { field: "email", operator: "=", value: "winston@truth.org" },
              { field: "email", operator: "=", value: "julia@truth.org" },
            ],
          },
        ],
      },
    };
    expect((await listOf(await h.search(either))).data).toEqual([winston, julia]);
    expect(
      (await listOf(await h.search({ query: { field: "external_id", operator: "=", value: "w-1" } }))).data,
    ).toEqual([winston]);
    const withoutExternalId = {
      query: {
        operator: "AND",
        value: [
          { field: "external_id", operator: "=", value: null },
          { field: "role", operator: "!=", value: "user" },
        ],
      },
    };
    expect((await listOf(await h.search(withoutExternalId))).data.map((contact) => contact.email)).toEqual([
      "julia@truth.org",
      "obrien@truth.org",
    ]);
    const inList = { query: { field: "email", operator: "IN", value: ["obrien@truth.org", "winston@truth.org"] } };
    expect((await listOf(await h.search(inList))).data.map((contact) => contact.email)).toEqual([
      "winston@truth.org",
      "obrien@truth.org",
    ]);
    expect(
      (await listOf(await h.search({ query: { field: "email_domain", operator: "=", value: "truth.org" } })))
        .total_count,
    ).toBe(4);
  });

  it("matches created_at by UTC calendar day, as the spec says Intercom does", async () => {
    const h = await harness(transport);
    const a = await h.create({ role: "lead", email: "a@x.co" }); // 1700000000, Nov 14
    h.clock.now = T0 + HOUR;
    const b = await h.create({ role: "lead", email: "b@x.co" }); // 1700003600, still Nov 14
    h.clock.now = T0 + DAY;
    const c = await h.create({ role: "lead", email: "c@x.co" }); // 1700086400, Nov 15
    h.clock.now = T0 + 2 * DAY;
    const d = await h.create({ role: "lead", email: "d@x.co" }); // 1700172800, Nov 16
    expect([a, b, c, d].map((contact) => contact.created_at)).toEqual([
      1_700_000_000, 1_700_003_600, 1_700_086_400, 1_700_172_800,
    ]);

    const createdAt = async (operator: string, value: unknown) =>
      (await listOf(await h.search({ query: { field: "created_at", operator, value } }))).data.map(
        (contact) => contact.email,
      );
    // `>` starts at the next day: b, created after the instant but on the same day, is not found.
    expect(await createdAt(">", 1_700_000_000)).toEqual(["c@x.co", "d@x.co"]);
    expect(await createdAt("<", 1_700_086_400)).toEqual(["a@x.co", "b@x.co"]);
    expect(await createdAt("=", 1_700_090_000)).toEqual(["c@x.co"]);
    // The spec's own example sends the timestamp as a string.
    expect(await createdAt("=", "1700000000")).toEqual(["a@x.co", "b@x.co"]);
    const between = {
      query: {
        operator: "AND",
        value: [
          { field: "created_at", operator: ">", value: 1_699_990_000 },
          { field: "created_at", operator: "<", value: 1_700_172_800 },
          { field: "role", operator: "=", value: "lead" },
        ],
      },
    };
    expect((await listOf(await h.search(between))).data).toEqual([c]);
  });

  it.each([">=", "<="])("refuses %s on created_at with 400, as Intercom refuses it on dates", async (operator) => {
    const h = await harness(transport);
    const response = await h.search({ query: { field: "created_at", operator, value: 1_700_000_000 } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: "parameter_invalid",
      message: `Operator '${operator}' is not supported on date field 'created_at'`,
      field: "query.operator",
    });
  });

  it("pages with per_page and the starting_after cursor from pages.next", async () => {
    const h = await harness(transport);
    const leads: Contact[] = [];
    for (let i = 0; i < 5; i++) leads.push(await h.create({ role: "lead", email: `p${i}@x.co` }));
    const query = { field: "role", operator: "=", value: "lead" };

    const first = await listOf(await h.search({ query, pagination: { per_page: 2 } }));
    expect(first).toEqual({
      type: "list",
      data: leads.slice(0, 2),
      total_count: 5,
      pages: {
        type: "pages",
        next: { page: 2, per_page: 2, starting_after: expect.any(String) },
        page: 1,
        per_page: 2,
        total_pages: 3,
      },
    });
    const second = await listOf(
      await h.search({ query, pagination: { per_page: 2, starting_after: first.pages.next!.starting_after } }),
    );
    expect(second.data).toEqual(leads.slice(2, 4));
    expect(second.pages).toEqual({
      type: "pages",
      next: { page: 3, per_page: 2, starting_after: expect.any(String) },
      page: 2,
      per_page: 2,
      total_pages: 3,
    });
    const third = await listOf(
      await h.search({ query, pagination: { per_page: 2, starting_after: second.pages.next!.starting_after } }),
    );
    expect(third).toEqual({
      type: "list",
      data: leads.slice(4),
      total_count: 5,
      pages: { type: "pages", page: 3, per_page: 2, total_pages: 3 },
    });

    expect((await listOf(await h.search({ query, pagination: { per_page: 150 } }))).pages).toEqual(onePage(150, 5));
    expect((await listOf(await h.search({ query, pagination: null }))).pages).toEqual(onePage(50, 5));
  });

  it("defaults to 50 a page", async () => {
    const h = await harness(transport, { rateLimit: false });
    for (let i = 0; i < 51; i++) await h.create({ role: "lead" });
    const page = await listOf(await h.search({ query: { field: "role", operator: "=", value: "lead" } }));
    expect(page.data).toHaveLength(50);
    expect(page.total_count).toBe(51);
    expect(page.pages).toEqual({
      type: "pages",
      next: { page: 2, per_page: 50, starting_after: expect.any(String) },
      page: 1,
      per_page: 50,
      total_pages: 2,
    });
  });

  it.each([
    ["per_page over 150", { per_page: 151 }, "pagination.per_page"],
    ["per_page 0", { per_page: 0 }, "pagination.per_page"],
    ["a cursor it never handed out", { starting_after: "bm90LWEtY3Vyc29y" }, "pagination.starting_after"],
  ])("refuses %s with 400 parameter_invalid", async (_, pagination, field) => {
    const h = await harness(transport);
    const response = await h.search({ query: { field: "role", operator: "=", value: "lead" }, pagination });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "parameter_invalid", field });
  });

  it("a contact the index catches up with between pages neither repeats nor shifts a page", async () => {
    const h = await harness(transport, { searchLagMs: 1000 });
    const leads: Contact[] = [];
    for (let i = 0; i < 3; i++) leads.push(await h.create({ role: "lead", email: `p${i}@x.co` }));
    h.clock.now = T0 + 1000;
    const query = { field: "role", operator: "=", value: "lead" };
    const first = await listOf(await h.search({ query, pagination: { per_page: 2 } }));
    expect(first.data).toEqual(leads.slice(0, 2));
    expect(first.total_count).toBe(3);

    leads.push(await h.create({ role: "lead", email: "p3@x.co" }));
    h.clock.now = T0 + 2000;
    const second = await listOf(
      await h.search({ query, pagination: { per_page: 2, starting_after: first.pages.next!.starting_after } }),
    );
    expect(second).toEqual({
      type: "list",
      data: leads.slice(2),
      total_count: 4,
      pages: { type: "pages", page: 2, per_page: 2, total_pages: 2 },
    });
  });

  it("sorts on request, descending by default, ties in creation order", async () => {
    const h = await harness(transport);
    const a = await h.create({ role: "lead", email: "a@x.co" });
    h.clock.now = T0 + 1000;
    const b = await h.create({ role: "lead", email: "b@x.co" });
    const c = await h.create({ role: "lead", email: "c@x.co" });
    const query = { field: "role", operator: "=", value: "lead" };
    expect((await listOf(await h.search({ query, sort: { field: "created_at" } }))).data).toEqual([b, c, a]);
    expect((await listOf(await h.search({ query, sort: { field: "created_at", order: "ascending" } }))).data).toEqual([
      a,
      b,
      c,
    ]);

    const response = await h.search({ query, sort: { field: "created_at", order: "desc" } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: "invalid_sort_order",
      message: "Invalid sort order 'desc'. Must be one of: ascending, descending",
    });
  });

  it.each([
    ["no query", { pagination: { per_page: 5 } }, "query", "query is required"],
    [
      "an unknown field",
      { query: { field: "favourite_colour", operator: "=", value: "red" } },
      "query.field",
      "Field 'favourite_colour' is not a searchable contact field",
    ],
    [
      "a field only Intercom searches",
      { query: { field: "tag_id", operator: "=", value: "1" } },
      "query.field",
      "Field 'tag_id' is searchable at Intercom but not in the fake",
    ],
    [
      "a custom attribute",
      { query: { field: "custom_attributes.plan", operator: "=", value: "pro" } },
      "query.field",
      "Field 'custom_attributes.plan' is searchable at Intercom but not in the fake",
    ],
    [
      "an unknown operator",
      { query: { field: "email", operator: "eq", value: "a@b.co" } },
      "query.operator",
      'Operator "eq" is not one of: =, !=, IN, NIN, <, <=, >, >=, ~, !~, ^, $',
    ],
    [
      "a date operator on a string",
      { query: { field: "email", operator: ">", value: "a@b.co" } },
      "query.operator",
      "Operator '>' is not supported on string field 'email'",
    ],
    [
      "a string operator on a date",
      { query: { field: "created_at", operator: "~", value: "17" } },
      "query.operator",
      "Operator '~' is not supported on date field 'created_at'",
    ],
    [
      "a date that is not a timestamp",
      { query: { field: "created_at", operator: ">", value: "yesterday" } },
      "query.value",
      "Value for date field 'created_at' must be a Unix timestamp in seconds",
    ],
    [
      "an email that is not a string",
      { query: { field: "email", operator: "=", value: 42 } },
      "query.value",
      "Value for field 'email' must be a string",
    ],
    [
      "a filter without a value",
      { query: { field: "email", operator: "=" } },
      "query.value",
      "A filter on 'email' needs a value",
    ],
    [
      "AND without an array",
      { query: { field: "email", operator: "AND", value: "a@b.co" } },
      "query.value",
      "AND needs an array of filters",
    ],
    [
      "a bad filter deep inside",
      leadByEmailWith({ field: "email", operator: "=", value: ["a@b.co"] }),
      "query.value[1].value",
      "Value for field 'email' must be a string",
    ],
    [
      "groups three deep",
      {
        query: {
          operator: "AND",
          value: [
            { operator: "OR", value: [{ operator: "AND", value: [{ field: "role", operator: "=", value: "lead" }] }] },
          ],
        },
      },
      "query.value[0].value[0]",
      "Filters nest at most 2 groups deep",
    ],
    [
      "16 filters in a group",
      {
        query: {
          operator: "OR",
          value: Array.from({ length: 16 }, () => ({ field: "role", operator: "=", value: "lead" })),
        },
      },
      "query.value",
      "An OR group takes at most 15 filters",
    ],
  ])("refuses %s with 400 parameter_invalid", async (_, body, field, message) => {
    const h = await harness(transport);
    await h.create({ role: "lead", email: "a@b.co" });
    const response = await h.search(body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: "parameter_invalid", message, field });
  });

  it("checks the body as create does: 415 unless JSON, 400 bad_request for JSON that is not an object", async () => {
    const h = await harness(transport);
    const text = await h.search(JSON.stringify(byEmail("a@b.co")), { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect((await errorOf(text)).code).toBe("unsupported_media_type");
    const malformed = await h.search('{"query": ');
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toEqual({
      code: "bad_request",
      message: "There was a problem in the JSON you submitted",
    });
    expect((await h.search([byEmail("a@b.co")])).status).toBe(400);
  });

  it("goes through the token, Accept and version checks like every request", async () => {
    const h = await harness(transport);
    const unauthorized = await h.search(byEmail("a@b.co"), { authorization: "Bearer wrong" });
    expect(unauthorized.status).toBe(401);
    expect(await errorOf(unauthorized)).toEqual({ code: "unauthorized", message: "Access Token Invalid" });
    expect((await h.search(byEmail("a@b.co"), { accept: "text/html" })).status).toBe(406);
    expect((await h.search(byEmail("a@b.co"), { accept: "*/*" })).status).toBe(200);
    const version = await h.search(byEmail("a@b.co"), { "intercom-version": "3.0" });
    expect(version.status).toBe(400);
    expect((await errorOf(version)).code).toBe("intercom_version_invalid");
    expect((await h.search(byEmail("a@b.co"), { "intercom-version": "Unstable" })).status).toBe(200);
    expect((await h.search(byEmail("a@b.co"), { "intercom-version": "Preview" })).status).toBe(200);
  });

  it("answers 405 Allow: POST for another method, and 1.x treats the path as a contact id", async () => {
    const h = await harness(transport);
    const get = await h.send("GET", "/contacts/search");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const legacyPost = await h.search(byEmail("a@b.co"), LEGACY);
    expect(legacyPost.status).toBe(405);
    expect(legacyPost.headers.get("allow")).toBe("GET");
    const legacyGet = await h.send("GET", "/contacts/search", undefined, LEGACY);
    expect(await errorOf(legacyGet)).toEqual({ code: "not_found", message: "Contact Not Found" });
  });

  it("sees 2.x contacts only, not 1.x leads", async () => {
    const h = await harness(transport);
    await h.createLegacy({ email: "a@b.co" });
    expect((await listOf(await h.search(byEmail("a@b.co")))).total_count).toBe(0);
  });
});

function leadByEmailWith(second: Record<string, unknown>): Record<string, unknown> {
  return { query: { operator: "AND", value: [{ field: "role", operator: "=", value: "lead" }, second] } };
}

describe.each(TRANSPORTS)("GET /contacts?email= with API 1.x over %s", (transport) => {
  it("lists the leads with that email, newest first, whatever the case", async () => {
    const h = await harness(transport);
    const older = await h.createLegacy({ email: "winston@truth.org", name: "Winston" });
    await h.createLegacy({ email: "julia@truth.org" });
    h.clock.now = T0 + 1000;
    const newer = await h.createLegacy({ email: "Winston@Truth.org" });
    await h.create({ role: "lead", email: "winston@truth.org" });

    const expected = {
      type: "contact.list",
      total_count: 2,
      contacts: [newer, older],
      pages: { type: "pages", next: null, page: 1, per_page: 50, total_pages: 1 },
    };
    expect(await legacyListOf(await h.list("?email=winston%40truth.org"))).toEqual(expected);
    expect(await legacyListOf(await h.list("?email=WINSTON@truth.org"))).toEqual(expected);
  });

  it("answers an empty list, and every lead without an email", async () => {
    const h = await harness(transport);
    const first = await h.createLegacy({ email: "winston@truth.org" });
    const second = await h.createLegacy({});
    expect(await legacyListOf(await h.list("?email=nobody@truth.org"))).toEqual({
      type: "contact.list",
      total_count: 0,
      contacts: [],
      pages: { type: "pages", next: null, page: 1, per_page: 50, total_pages: 0 },
    });
    expect((await legacyListOf(await h.list(""))).contacts).toEqual([second, first]);
  });

  it("pages with page and per_page, next naming the next page's URL", async () => {
    const h = await harness(transport);
    const leads: LegacyLead[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.now = T0 + i * 1000;
      leads.push(await h.createLegacy({ email: "same@x.co" }));
    }
    const first = await legacyListOf(await h.list("?email=same@x.co&per_page=2"));
    expect(first).toEqual({
      type: "contact.list",
      total_count: 3,
      contacts: [leads[2], leads[1]],
      pages: {
        type: "pages",
        next: `${h.base}/contacts?email=same%40x.co&per_page=2&page=2`,
        page: 1,
        per_page: 2,
        total_pages: 2,
      },
    });
    const second = await legacyListOf(await h.send("GET", first.pages.next!.slice(h.base.length), undefined, LEGACY));
    expect(second.contacts).toEqual([leads[0]]);
    expect(second.pages).toEqual({ type: "pages", next: null, page: 2, per_page: 2, total_pages: 2 });
  });

  it.each([
    ["a parameter the fake does not model", "?user_id=77177570", "user_id"],
    ["per_page over 60", "?email=a@b.co&per_page=61", "per_page"],
    ["page 0", "?email=a@b.co&page=0", "page"],
    ["an empty email", "?email=", "email"],
  ])("refuses %s with 400 parameter_invalid", async (_, query, field) => {
    const h = await harness(transport);
    const response = await h.list(query);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "parameter_invalid", field });
  });

  it("goes through the token, Accept and version checks; 2.x lists all contacts and takes no email filter", async () => {
    const h = await harness(transport);
    expect((await h.list("?email=a@b.co", { authorization: undefined })).status).toBe(401);
    expect((await h.list("?email=a@b.co", { accept: "text/html" })).status).toBe(406);
    const modern = await h.list("?email=a@b.co", { "intercom-version": "2.14" });
    expect(modern.status).toBe(400);
    expect(await errorOf(modern)).toEqual({
      code: "parameter_invalid",
      field: "email",
      message: "List all contacts takes no filter in API 2.x: find contacts by email with POST /contacts/search",
    });
    const deletion = await h.send("DELETE", "/contacts", undefined, LEGACY);
    expect(deletion.status).toBe(405);
    expect(deletion.headers.get("allow")).toBe("GET, POST");
  });
});

describe.each(TRANSPORTS)("search lag over %s", (transport) => {
  it("hides a 2.x contact from search until searchLagMs after it was stored, but not from GET /contacts/{id}", async () => {
    const h = await harness(transport, { searchLagMs: 5000 });
    const lead = await h.create({ role: "lead", email: "winston@truth.org" });
    expect(h.fake.leads).toHaveLength(1);

    expect((await listOf(await h.search(leadByEmail("winston@truth.org")))).total_count).toBe(0);
    const direct = await h.send("GET", `/contacts/${lead.id}`);
    expect(direct.status).toBe(200);
    expect(await direct.json()).toEqual(lead);

    h.clock.now = T0 + 4999;
    expect(await listOf(await h.search(leadByEmail("winston@truth.org")))).toEqual({
      type: "list",
      data: [],
      total_count: 0,
      pages: onePage(50, 0),
    });
    h.clock.now = T0 + 5000;
    expect(await listOf(await h.search(leadByEmail("winston@truth.org")))).toEqual({
      type: "list",
      data: [lead],
      total_count: 1,
      pages: onePage(),
    });
  });

  it("counts from each contact's own store time", async () => {
    const h = await harness(transport, { searchLagMs: 5000 });
    await h.create({ role: "lead", email: "a@x.co" });
    h.clock.now = T0 + 3000;
    await h.create({ role: "lead", email: "b@x.co" });
    h.clock.now = T0 + 6000;
    const visible = await listOf(await h.search({ query: { field: "role", operator: "=", value: "lead" } }));
    expect(visible.data.map((contact) => contact.email)).toEqual(["a@x.co"]);
    h.clock.now = T0 + 8000;
    expect((await listOf(await h.search({ query: { field: "role", operator: "=", value: "lead" } }))).total_count).toBe(
      2,
    );
  });

  it("hides a 1.x lead from the list by email the same way", async () => {
    const h = await harness(transport, { searchLagMs: 2000 });
    const lead = await h.createLegacy({ email: "winston@truth.org" });
    expect((await legacyListOf(await h.list("?email=winston@truth.org"))).total_count).toBe(0);
    expect((await legacyListOf(await h.list(""))).total_count).toBe(0);
    const direct = await h.send("GET", `/contacts/${lead.id}`, undefined, LEGACY);
    expect(await direct.json()).toEqual(lead);

    h.clock.now = T0 + 1999;
    expect((await legacyListOf(await h.list("?email=winston@truth.org"))).contacts).toEqual([]);
    h.clock.now = T0 + 2000;
    expect((await legacyListOf(await h.list("?email=winston@truth.org"))).contacts).toEqual([lead]);
  });
});

describe.each(TRANSPORTS)("rate limiting of lookups over %s", (transport) => {
  it("counts searches and lists in the same window as creates, rejected ones included", async () => {
    // 3s into the window [1700000000000, 1700000010000).
    const h = await harness(transport, { rateLimit: { limit: 4, windowMs: 10_000 } });
    h.clock.now = 1_700_000_003_000;
    const remaining = (response: Response) => [response.status, response.headers.get("x-ratelimit-remaining")];

    expect(remaining(await h.send("POST", "/contacts", { role: "lead", email: "a@b.co" }))).toEqual([200, "3"]);
    expect(remaining(await h.search(leadByEmail("a@b.co")))).toEqual([200, "2"]);
    expect(remaining(await h.search(leadByEmail("a@b.co"), { authorization: "Bearer wrong" }))).toEqual([401, "1"]);
    expect(remaining(await h.list("?email=a@b.co"))).toEqual([200, "0"]);

    const limited = await h.search(leadByEmail("a@b.co"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-reset")).toBe("1700000010");
    expect(await errorOf(limited)).toEqual({
      code: "rate_limit_exceeded",
      message: "Exceeded rate limit of 4 in 10_seconds",
    });
    expect((await h.list("?email=a@b.co")).status).toBe(429);

    h.clock.now = 1_700_000_010_000;
    expect(remaining(await h.search(leadByEmail("a@b.co")))).toEqual([200, "3"]);
    expect(h.fake.requests.map((request) => `${request.method} ${request.path} ${String(request.status)}`)).toEqual([
      "POST /contacts 200",
      "POST /contacts/search 200",
      "POST /contacts/search 401",
      "GET /contacts 200",
      "POST /contacts/search 429",
      "GET /contacts 429",
      "POST /contacts/search 200",
    ]);
  });
});

describe.each(TRANSPORTS)("faults on the search route over %s", (transport) => {
  it("a search fault hits the next lookup only, and create faults never hit lookups", async () => {
    const h = await harness(transport);
    await h.create({ role: "lead", email: "a@b.co" });
    h.fake.inject({ kind: "server-error", stored: false }, { route: "search", times: 2 });
    h.fake.inject({ kind: "rate-limit" });

    const statuses: number[] = [];
    statuses.push((await h.search(leadByEmail("a@b.co"))).status);
    statuses.push((await h.send("POST", "/contacts", { role: "lead" })).status);
    statuses.push((await h.list("?email=a@b.co")).status);
    statuses.push((await h.search(leadByEmail("a@b.co"))).status);
    statuses.push((await h.send("POST", "/contacts", { role: "lead" })).status);
    expect(statuses).toEqual([500, 429, 500, 200, 200]);
    expect(h.fake.leads).toHaveLength(2);
  });

  it.each([
    ["rate-limit", { kind: "rate-limit" } as const, 429, "application/json; charset=utf-8"],
    [
      "server-error 503",
      { kind: "server-error", status: 503, stored: false } as const,
      503,
      "application/json; charset=utf-8",
    ],
    ["html-502", { kind: "html-502" } as const, 502, "text/html"],
  ])("%s answers a search like a create", async (_, fault, status, contentType) => {
    const h = await harness(transport);
    h.fake.inject(fault, { route: "search" });
    const response = await h.search(leadByEmail("a@b.co"));
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect((await h.search(leadByEmail("a@b.co"))).status).toBe(200);
  });

  it("drop-connection makes the search reject like a reset socket", async () => {
    const h = await harness(transport);
    h.fake.inject({ kind: "drop-connection", stored: false }, { route: "search" });
    const error: unknown = await h.search(leadByEmail("a@b.co")).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
    expect((await h.search(leadByEmail("a@b.co"))).status).toBe(200);
  });

  it("slow answers late with what the index held on arrival", async () => {
    const h = await harness(transport, { searchLagMs: 1000 });
    await h.create({ role: "lead", email: "a@b.co" });
    h.fake.inject({ kind: "slow", delayMs: 60 }, { route: "search" });
    const started = performance.now();
    const pending = h.search(leadByEmail("a@b.co"));
    await arrivals(h.fake, 2);
    h.clock.now = T0 + 1000;
    const response = await pending;
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect((await listOf(response)).total_count).toBe(0);
  });

  it("slow with stored: false searches once the delay is over", async () => {
    const h = await harness(transport, { searchLagMs: 1000 });
    await h.create({ role: "lead", email: "a@b.co" });
    h.fake.inject({ kind: "slow", delayMs: 60, stored: false }, { route: "search" });
    const pending = h.search(leadByEmail("a@b.co"));
    await arrivals(h.fake, 2);
    h.clock.now = T0 + 1000;
    expect((await listOf(await pending)).total_count).toBe(1);
  });
});

describe("options and faults that could only be a mistake", () => {
  it("refuses a negative or non-finite searchLagMs", () => {
    expect(() => createFakeIntercom({ searchLagMs: -1 })).toThrow(RangeError);
    expect(() => createFakeIntercom({ searchLagMs: Number.NaN })).toThrow(RangeError);
    expect(() => createFakeIntercom({ searchLagMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });

  it("refuses stored search faults and unknown routes", () => {
    const fake = createFakeIntercom();
    expect(() => fake.inject({ kind: "server-error", stored: true }, { route: "search" })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "drop-connection", stored: true }, { route: "search" })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "html-502", stored: true }, { route: "search" })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "slow", delayMs: 1, stored: true }, { route: "search" })).toThrow(RangeError);
    expect(() => fake.inject({ kind: "rate-limit" }, { route: "lookup" as "search" })).toThrow(RangeError);
  });

  it("reset() forgets queued search faults too", async () => {
    const fake = createFakeIntercom();
    fake.inject({ kind: "rate-limit" }, { route: "search" });
    fake.reset();
    const response = await fake.fetch(
      new Request(`${ORIGIN}/contacts/search`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify(byEmail("a@b.co")),
      }),
    );
    expect(response.status).toBe(200);
  });
});
