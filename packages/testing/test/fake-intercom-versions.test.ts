import { type Contact, leadFieldsFor } from "@intercom-leads/core";
import { describe, expect, it } from "vitest";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeContactList, type FakeIntercom } from "../src/index.ts";
import {
  ANSWER_VERSIONS,
  type AnswerKind,
  type AnswerVersion,
  contactProperties,
  listDescription,
  validateAnswer,
} from "./support/answer-validators.ts";
import { validateErrorList } from "./support/spec-validators.ts";
import { fakeAt, minorOf, ORIGIN, T0 } from "./support/versioned-fake.ts";

const VALID = { valid: true, errors: [] };

async function ok<T>(response: Response, version: string, kind: AnswerKind): Promise<T> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as T;
  expect(validateAnswer(version as AnswerVersion, kind, body)).toEqual(VALID);
  return body;
}

async function errorOf(response: Response): Promise<{ code: string; message?: string | null; field?: string | null }> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { code: string }[] };
  expect(validateErrorList(body)).toEqual(VALID);
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

/** What every answer carries beyond the `contact` schema's properties, as the descriptions' own examples do. */
const EXAMPLE_EXTRAS = [
  "opted_out_subscription_types",
  "opted_in_subscription_types",
  "utm_campaign",
  "utm_content",
  "utm_medium",
  "utm_source",
  "utm_term",
  "referrer",
];
/** owner_id as `version` types it: an integer up to 2.15, a string from 2.16. */
const owner = (version: string, id: number): number | string => (minorOf(version) >= 16 ? String(id) : id);

describe.each(ANSWER_VERSIONS)("Intercom-Version %s: answers shaped as its description's contact", (version) => {
  it("creates, finds, lists and searches a contact with exactly the description's properties", async () => {
    const { send } = fakeAt();
    const created = await ok<Contact>(
      await send("POST", "/contacts", version, {
        role: "lead",
        email: "winston@truth.org",
        phone: "+353 1 234-5678",
        owner_id: owner(version, 321),
      }),
      version,
      "create",
    );

    // Every property the version's `contact` describes (merge_history only when asked for), and the examples',
    // enabled_push_messaging from 2.12 (declared on the single-contact answers).
    const pushMessaging = minorOf(version) >= 12 ? ["enabled_push_messaging"] : [];
    const expected = [...contactProperties(version).filter((name) => name !== "merge_history"), ...EXAMPLE_EXTRAS];
    expect(Object.keys(created).sort()).toEqual([...expected, ...pushMessaging].sort());
    expect(created.owner_id).toStrictEqual(owner(version, 321));
    if (contactProperties(version).includes("formatted_phone")) expect(created.formatted_phone).toBe("+35312345678");

    expect(await ok<Contact>(await send("GET", `/contacts/${created.id}`, version), version, "find")).toEqual(created);
    const listed = await ok<FakeContactList>(await send("GET", "/contacts", version), version, "list");
    expect(listed.data).toEqual([created]);
    const found = await ok<FakeContactList>(
      await send("POST", "/contacts/search", version, {
        query: { field: "email", operator: "=", value: "winston@truth.org" },
      }),
      version,
      "search",
    );
    expect(found.data).toEqual([created]);
  });

  it("types every create field as the version's create_contact_request does (core's leadFieldsFor)", async () => {
    const { fake, send } = fakeAt();
    const wrong: Record<string, unknown> = { string: 42, integer: "7", boolean: "yes", timestamp: "soon", object: "x" };
    for (const field of leadFieldsFor(version)) {
      // The role has a rule of its own: "user" or "lead".
      if (field.name === "role") continue;
      const refused = await errorOf(
        await send("POST", "/contacts", version, { role: "lead", [field.name]: wrong[field.type] }),
      );
      expect(refused).toMatchObject({ code: "parameter_invalid", field: field.name });
      const nulled = await send("POST", "/contacts", version, { role: "lead", [field.name]: null });
      if (field.nullable) expect(nulled.status).toBe(200);
      else
        expect(await errorOf(nulled)).toEqual({
          code: "parameter_invalid",
          field: field.name,
          message: `${field.name} must be a string`,
        });
    }
    expect(fake.leads).toHaveLength(leadFieldsFor(version).filter((field) => field.nullable).length);
  });
});

describe("owner_id across versions", () => {
  it.each([
    ["2.14", "321", "owner_id must be an integer or null"],
    ["2.7", "321", "owner_id must be an integer or null"],
    ["2.16", 321, "owner_id must be a string or null"],
    ["Preview", 321, "owner_id must be a string or null"],
  ])("%s refuses owner_id %j: the other version's type", async (version, value, message) => {
    const { fake, send } = fakeAt();
    const response = await send("POST", "/contacts", version, { role: "lead", owner_id: value });
    expect(await errorOf(response)).toEqual({ code: "parameter_invalid", field: "owner_id", message });
    expect(fake.leads).toHaveLength(0);
  });

  it.each([
    ["2.14", 0],
    ["2.14", -4],
    ["2.16", "admin-7"],
    ["2.16", ""],
  ])("%s refuses owner_id %j: not an admin's id", async (version, value) => {
    const { send } = fakeAt();
    expect(await errorOf(await send("POST", "/contacts", version, { role: "lead", owner_id: value }))).toEqual({
      code: "parameter_invalid",
      field: "owner_id",
      message: "owner_id must be the id of an admin, such as 321",
    });
  });

  it("answers each read in the reading request's version; the stored body stays the create's answer", async () => {
    const { fake, send } = fakeAt();
    const old = (await (await send("POST", "/contacts", "2.14", { role: "lead", owner_id: 321 })).json()) as Contact;
    const recent = (await (await send("POST", "/contacts", "2.16", { role: "lead", owner_id: "7" })).json()) as Contact;
    expect([old.owner_id, recent.owner_id]).toStrictEqual([321, "7"]);

    const as216 = await ok<Contact>(await send("GET", `/contacts/${old.id}`, "2.16"), "2.16", "find");
    expect(as216).toEqual({ ...old, owner_id: "321" });
    const as27 = await ok<Contact>(await send("GET", `/contacts/${recent.id}`, "2.7"), "2.7", "find");
    const { enabled_push_messaging: _, ...recentIn27 } = recent;
    expect(as27).toEqual({ ...recentIn27, owner_id: 7 });
    const listed = await ok<FakeContactList>(await send("GET", "/contacts", "2.16"), "2.16", "list");
    expect(listed.data.map((contact) => contact.owner_id)).toStrictEqual(["321", "7"]);

    expect(fake.leads.map((lead) => [lead.apiVersion, lead.body.owner_id])).toStrictEqual([
      ["2.14", 321],
      ["2.16", "7"],
    ]);
  });
  it("searches owner_id by an integer (the 2.7–2.15 search tables) or a string (2.16's)", async () => {
    const { send } = fakeAt();
    const lead = (await (await send("POST", "/contacts", "2.14", { role: "lead", owner_id: 321 })).json()) as Contact;
    await send("POST", "/contacts", "2.14", { role: "lead", owner_id: 322 });
    for (const [version, value] of [
      ["2.14", 321],
      ["2.16", "321"],
    ] as const) {
      const query = { query: { field: "owner_id", operator: "=", value } };
      const found = await ok<FakeContactList>(
        await send("POST", "/contacts/search", version, query),
        version,
        "search",
      );
      expect(found.data.map((contact) => [contact.id, contact.owner_id])).toStrictEqual([[lead.id, value]]);
    }
  });
});

describe("fields of some versions only", () => {
  it.each([
    ["2.15", { email: "a@b.co", email_verified: true }, "email_verified", "2.16, Preview"],
    ["2.7", { email: "a@b.co", email_verified: false }, "email_verified", "2.16, Preview"],
    ["2.16", { language_override: "fr" }, "language_override", "Preview"],
    ["2.14", { language_override: "fr" }, "language_override", "Preview"],
  ])("%s refuses %j, naming the versions that have the field", async (version, body, field, where) => {
    const { fake, send } = fakeAt();
    expect(await errorOf(await send("POST", "/contacts", version, { role: "lead", ...body }))).toEqual({
      code: "parameter_invalid",
      field,
      message: `${field} is not a field of API ${version}; it is one in ${where}`,
    });
    expect(fake.leads).toHaveLength(0);
  });

  it("2.16 takes email_verified with an email only; no contact schema has it, so it is not echoed", async () => {
    const { send } = fakeAt();
    expect(await errorOf(await send("POST", "/contacts", "2.16", { role: "lead", email_verified: true }))).toEqual({
      code: "parameter_invalid",
      field: "email_verified",
      message: "email_verified must be supplied together with an email",
    });
    const lead = await ok<Contact>(
      await send("POST", "/contacts", "2.16", { role: "lead", email: "a@b.co", email_verified: true }),
      "2.16",
      "create",
    );
    expect(Object.hasOwn(lead, "email_verified")).toBe(false);
  });

  it("Preview takes language_override as an ISO 639-1 code, and stores an unsupported one as null", async () => {
    const { send } = fakeAt();
    const french = await ok<Contact>(
      await send("POST", "/contacts", "Preview", { role: "lead", language_override: "fr" }),
      "Preview",
      "create",
    );
    expect(french.language_override).toBe("fr");
    for (const code of ["xx", "FR", "fr-FR"]) {
      const response = await send("POST", "/contacts", "Preview", { role: "lead", language_override: code });
      expect(((await ok<Contact>(response, "Preview", "create")) as Contact).language_override).toBeNull();
    }
    // Every version's contact has the property: a 2.14 read shows it too.
    expect(
      (await ok<Contact>(await send("GET", `/contacts/${french.id}`, "2.14"), "2.14", "find")).language_override,
    ).toBe("fr");
  });

  it("formatted_phone (2.11, Preview) is the phone in E.164 when it has its country code, else null", async () => {
    const { send } = fakeAt();
    const cases: [string | null, string | null][] = [
      ["+1 (555) 010-9999", "+15550109999"],
      ["+44.20.7946.0958", "+442079460958"],
      ["555 0109", null],
      [null, null],
    ];
    for (const [phone, formatted] of cases) {
      for (const version of ["2.11", "Preview"]) {
        const contact = await ok<Contact>(
          await send("POST", "/contacts", version, { role: "lead", phone }),
          version,
          "create",
        );
        expect(contact.formatted_phone).toBe(formatted);
      }
    }
  });
});

describe("merge_history (2.16, Preview): only when asked for, only for users", () => {
  it.each(["2.16", "Preview"])(
    "%s: include_merge_history=true gives users an empty history (the fake merges nothing)",
    async (version) => {
      const { send } = fakeAt();
      const user = (await (await send("POST", "/contacts", version, { email: "u@b.co" })).json()) as Contact;
      const lead = (await (await send("POST", "/contacts", version, { role: "lead" })).json()) as Contact;

      const withHistory = await ok<Contact>(
        await send("GET", `/contacts/${user.id}?include_merge_history=true`, version),
        version,
        "find",
      );
      expect(withHistory).toEqual({ ...user, merge_history: [] });
      expect(await (await send("GET", `/contacts/${lead.id}?include_merge_history=true`, version)).json()).toEqual(
        lead,
      );
      expect(await (await send("GET", `/contacts/${user.id}?include_merge_history=false`, version)).json()).toEqual(
        user,
      );

      const listed = await ok<FakeContactList>(
        await send("GET", "/contacts?include_merge_history=true", version),
        version,
        "list",
      );
      expect(listed.data.map((contact) => contact.merge_history)).toEqual([[], undefined]);
      const searched = await ok<FakeContactList>(
        await send("POST", "/contacts/search?include_merge_history=true", version, {
          query: { field: "role", operator: "=", value: "user" },
        }),
        version,
        "search",
      );
      expect(searched.data.map((contact) => contact.merge_history)).toEqual([[]]);

      expect(await errorOf(await send("GET", `/contacts/${user.id}?include_merge_history=yes`, version))).toEqual({
        code: "parameter_invalid",
        field: "include_merge_history",
        message: "include_merge_history must be a boolean",
      });
    },
  );

  it("2.15 has no such parameter: a read ignores it, the list refuses it", async () => {
    const { send } = fakeAt();
    const user = (await (await send("POST", "/contacts", "2.15", { email: "u@b.co" })).json()) as Contact;
    expect(await (await send("GET", `/contacts/${user.id}?include_merge_history=true`, "2.15")).json()).toEqual(user);
    expect(await errorOf(await send("GET", "/contacts?include_merge_history=true", "2.15"))).toEqual({
      code: "parameter_invalid",
      field: "include_merge_history",
      message: "include_merge_history is a parameter of API 2.16 and Preview",
    });
  });
});

describe("GET /contacts in 2.x: List all contacts", () => {
  async function createMany(
    send: ReturnType<typeof fakeAt>["send"],
    bodies: Record<string, unknown>[],
  ): Promise<Contact[]> {
    const created: Contact[] = [];
    for (const body of bodies) {
      created.push((await (await send("POST", "/contacts", "2.14", body)).json()) as Contact);
    }
    return created;
  }

  it("lists every 2.x contact, users too, oldest first, 50 a page as every description says", async () => {
    for (const version of ANSWER_VERSIONS) {
      expect(listDescription(version).pagination).toBe("The default is `50` results per page.");
    }
    const { send } = fakeAt();
    await send("POST", "/contacts", "1.4", { email: "legacy@b.co" });
    const contacts = await createMany(
      send,
      Array.from({ length: 51 }, (_, i) => (i % 2 ? { email: `u${i}@b.co` } : { role: "lead" })),
    );

    const first = await ok<FakeContactList>(await send("GET", "/contacts", "2.14"), "2.14", "list");
    expect(first).toEqual({
      type: "list",
      data: contacts.slice(0, 50),
      total_count: 51,
      pages: {
        type: "pages",
        next: { page: 2, per_page: 50, starting_after: expect.any(String) },
        page: 1,
        per_page: 50,
        total_pages: 2,
      },
    });
    const cursor = encodeURIComponent(first.pages.next!.starting_after);
    const second = await ok<FakeContactList>(
      await send("GET", `/contacts?starting_after=${cursor}`, "2.14"),
      "2.14",
      "list",
    );
    expect(second).toEqual({
      type: "list",
      data: contacts.slice(50),
      total_count: 51,
      pages: { type: "pages", page: 2, per_page: 50, total_pages: 2 },
    });
  });

  it("pages with per_page and starting_after; 2.11's required next.per_page is there", async () => {
    const { send } = fakeAt();
    const contacts = await createMany(send, [
      { role: "lead" },
      { email: "a@b.co" },
      { role: "lead" },
      { role: "lead" },
      { external_id: "x" },
    ]);
    const pages: FakeContactList[] = [];
    let query = "?per_page=2";
    for (;;) {
      const page = await ok<FakeContactList>(await send("GET", `/contacts${query}`, "2.11"), "2.11", "list");
      pages.push(page);
      if (!page.pages.next) break;
      query = `?per_page=2&starting_after=${encodeURIComponent(page.pages.next.starting_after)}`;
    }
    expect(pages.map((page) => page.data.map((contact) => contact.id))).toEqual([
      [contacts[0]!.id, contacts[1]!.id],
      [contacts[2]!.id, contacts[3]!.id],
      [contacts[4]!.id],
    ]);
    expect(pages.map((page) => page.pages)).toEqual([
      {
        type: "pages",
        next: { page: 2, per_page: 2, starting_after: expect.any(String) },
        page: 1,
        per_page: 2,
        total_pages: 3,
      },
      {
        type: "pages",
        next: { page: 3, per_page: 2, starting_after: expect.any(String) },
        page: 2,
        per_page: 2,
        total_pages: 3,
      },
      { type: "pages", page: 3, per_page: 2, total_pages: 3 },
    ]);
    const empty = fakeAt();
    expect(
      await ok<FakeContactList>(await empty.send("GET", "/contacts?per_page=150", "2.14"), "2.14", "list"),
    ).toEqual({
      type: "list",
      data: [],
      total_count: 0,
      pages: { type: "pages", page: 1, per_page: 150, total_pages: 0 },
    });
  });

  it.each([
    ["per_page over 150", "?per_page=151", "per_page", "per_page must be a whole number from 1 to 150"],
    ["per_page 0", "?per_page=0", "per_page", "per_page must be a whole number from 1 to 150"],
    ["per_page that is no number", "?per_page=ten", "per_page", "per_page must be a whole number from 1 to 150"],
    ["an empty cursor", "?starting_after=", "starting_after", "starting_after must be a cursor from pages.next"],
    [
      "a cursor it never handed out",
      "?starting_after=bm9wZQ",
      "starting_after",
      "starting_after is not a cursor this workspace handed out",
    ],
    [
      "page, which 2.11 lists",
      "?page=2",
      "page",
      "List all contacts pages by cursor: send pages.next.starting_after as starting_after",
    ],
    ["an unknown parameter", "?role=lead", "role", "'role' is not a parameter of List all contacts"],
  ])("refuses %s with 400 parameter_invalid", async (_, query, field, message) => {
    const { send } = fakeAt();
    expect(await errorOf(await send("GET", `/contacts${query}`, "2.14"))).toEqual({
      code: "parameter_invalid",
      field,
      message,
    });
  });

  it("lags behind creates like search, and takes the search route's faults", async () => {
    const { fake, clock, send } = fakeAt({ searchLagMs: 1000 });
    const [lead] = await createMany(send, [{ role: "lead" }]);
    expect((await ok<FakeContactList>(await send("GET", "/contacts", "2.14"), "2.14", "list")).total_count).toBe(0);
    clock.now = T0 + 1000;
    expect((await ok<FakeContactList>(await send("GET", "/contacts", "2.14"), "2.14", "list")).data).toEqual([lead]);

    fake.inject({ kind: "rate-limit" }, { route: "search" });
    fake.inject({ kind: "server-error", stored: false }, { route: "search" });
    expect((await send("GET", "/contacts", "2.14")).status).toBe(429);
    expect((await send("GET", "/contacts", "2.14")).status).toBe(500);
    expect((await send("GET", "/contacts", "2.14")).status).toBe(200);
  });

  it("answers 405 with Allow: GET, POST for another method", async () => {
    const { send } = fakeAt();
    const response = await send("DELETE", "/contacts", "2.14");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

describe("the fake's own checks, per version", () => {
  it("keeps the role rule in every version: none creates a user, who needs an email or external_id", async () => {
    const fake: FakeIntercom = createFakeIntercom({ rateLimit: false });
    for (const version of ANSWER_VERSIONS) {
      const response = await fake.fetch(
        new Request(`${ORIGIN}/contacts`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
            accept: "*/*",
            "content-type": "application/json",
            "intercom-version": version,
          },
          body: JSON.stringify({ name: "Nobody" }),
        }),
      );
      expect(await errorOf(response)).toEqual({
        code: "parameter_invalid",
        field: "email",
        message: "A user requires an email or an external_id",
      });
    }
  });
});
