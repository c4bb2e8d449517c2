import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createIntercom, LeadValidationError } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

async function issuesOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LeadValidationError);
  return (error as LeadValidationError).issues;
}

describe("lead input validation", () => {
  const served = useFakeIntercom();
  const client = (apiVersion: "2.14" | "2.16" | "1.4" = "2.14") =>
    createIntercom({ token: served.token, baseUrl: served.url, apiVersion });

  it.each([null, undefined, "winston@truth.org", 42, [], new Date(), new Map()])(
    "refuses %o as a lead",
    async (input) => {
      expect(await issuesOf(client().createLead(input as never))).toEqual([
        { path: [], message: "A lead must be an object of Intercom fields" },
      ]);
    },
  );

  it("lists every wrong field at once, with its path", async () => {
    const issues = await issuesOf(
      client().createLead({
        email: "not an address",
        name: 7,
        phone: false,
        unsubscribed_from_emails: "yes",
        last_seen_at: 1.5,
        external_id: null,
        custom_attributes: { plan: "pro", nested: { a: 1 }, list: [1], spend: Number.NaN, ok: null },
        role: "user",
      } as never),
    );
    expect(issues).toEqual([
      { path: ["email"], message: "must be an email address" },
      { path: ["name"], message: "must be a string" },
      { path: ["phone"], message: "must be a string" },
      { path: ["unsubscribed_from_emails"], message: "must be true or false" },
      { path: ["last_seen_at"], message: "must be a Unix timestamp in whole seconds" },
      { path: ["external_id"], message: "must be a string" },
      { path: ["custom_attributes", "nested"], message: "must be a string, a finite number, true, false or null" },
      { path: ["custom_attributes", "list"], message: "must be a string, a finite number, true, false or null" },
      { path: ["custom_attributes", "spend"], message: "must be a string, a finite number, true, false or null" },
      { path: ["role"], message: 'must be "lead": other roles do not create leads' },
    ]);
    expect(served.fake.requests).toHaveLength(0);
  });

  it.each(["plain", "a@", "@b.co", "a b@c.co", "a@b..co", "a@localhost", 42])("refuses the email %o", async (email) => {
    const issues = (await issuesOf(client().createLead({ email } as never))) as { path: string[] }[];
    expect(issues.map((issue) => issue.path)).toEqual([["email"]]);
  });

  // Intercom's descriptions type email as a plain string: internationalised addresses are addresses.
  it.each([
    "winstonsmith@truth.org",
    "o'brien+party@minitrue.gov.oc",
    "julia@records.minitrue.oc",
    "zoë@example.com",
    "user@exämple.com",
    "用户@例子.中国",
  ])("accepts the email %s", async (email) => {
    await expect(client().createLead({ email })).resolves.toMatchObject({ email });
  });

  it("refuses custom_attributes that are not an object", async () => {
    expect(await issuesOf(client().createLead({ custom_attributes: ["a"] } as never))).toEqual([
      { path: ["custom_attributes"], message: "must be an object of attribute names to values" },
    ]);
  });

  it.each([
    ["user_id", "u-1", "is assigned by Intercom: use external_id"],
    ["signed_up_at", 1477572283, "is not available for leads"],
    ["session_count", 3, "is not available for leads"],
    ["new_session", true, "is not available for leads"],
  ])("applies the Create Lead document's rule for %s in both API generations", async (field, value, message) => {
    for (const version of ["2.14", "1.4"] as const) {
      expect(await issuesOf(client(version).createLead({ [field]: value } as never))).toEqual([
        { path: [field], message },
      ]);
    }
    expect(served.fake.requests).toHaveLength(0);
  });

  it("checks 1.x fields with 1.x rules", async () => {
    expect(await issuesOf(client("1.4").createLead({ last_request_at: "yesterday", utm_source: 3 } as never))).toEqual([
      { path: ["last_request_at"], message: "must be a Unix timestamp in whole seconds" },
      { path: ["utm_source"], message: "must be a string" },
    ]);
  });

  it("email_verified needs an email", async () => {
    expect(await issuesOf(client("2.16").createLead({ email_verified: true }))).toEqual([
      { path: ["email_verified"], message: "needs an email in the same request" },
    ]);
  });

  it("types owner_id as the version's description does: an integer up to 2.15, a string from 2.16", async () => {
    expect(await issuesOf(client("2.14").createLead({ email: "a@b.co", owner_id: "321" } as never))).toEqual([
      { path: ["owner_id"], message: "must be an integer in API 2.14" },
    ]);
    expect(await issuesOf(client("2.16").createLead({ email: "a@b.co", owner_id: 321 } as never))).toEqual([
      { path: ["owner_id"], message: "must be a string in API 2.16" },
    ]);
    await client("2.14").createLead({ email: "a@b.co", owner_id: 321 });
    await client("2.16").createLead({ email: "c@d.co", owner_id: "321" });
    expect(served.fake.requests.map((request) => (request.body as { owner_id: unknown }).owner_id)).toEqual([
      321,
      "321",
    ]);
  });

  it("refuses a field the version does not have, saying which versions do", async () => {
    expect(await issuesOf(client("2.14").createLead({ email: "a@b.co", email_verified: true } as never))).toEqual([
      { path: ["email_verified"], message: "is not a lead field in API 2.14 (it is one in 2.16, Preview)" },
    ]);
    expect(served.fake.requests).toHaveLength(0);
  });

  it("refuses values JSON cannot carry exactly, instead of throwing a TypeError", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const jsonData = "must be JSON data: text, numbers, booleans, null, arrays and plain objects";
    for (const extra of [
      cyclic,
      10n,
      () => 1,
      Symbol("s"),
      new Date(0),
      Number.POSITIVE_INFINITY,
      [1, { f: () => 1 }],
    ]) {
      expect(await issuesOf(client().createLead({ email: "a@b.co", extra } as never))).toEqual([
        { path: ["extra"], message: jsonData },
      ]);
    }
    expect(served.fake.requests).toHaveLength(0);
  });

  it("a toJSON cannot rewrite the checked body into a user", async () => {
    const sneaky = { email: "a@b.co", toJSON: () => ({ role: "user", user_id: "x", signed_up_at: 5 }) };
    expect(await issuesOf(client().createLead(sneaky as never))).toEqual([
      { path: ["toJSON"], message: "must be JSON data: text, numbers, booleans, null, arrays and plain objects" },
    ]);
    const nested = { email: "a@b.co", custom_attributes: { plan: "pro", toJSON: () => ({}) } };
    expect(await issuesOf(client().createLead(nested as never))).toEqual([
      { path: ["custom_attributes", "toJSON"], message: "must be a string, a finite number, true, false or null" },
    ]);
    expect(served.fake.requests).toHaveLength(0);
    expect(served.fake.contacts).toHaveLength(0);
  });

  it("refuses __proto__, which would set the body's prototype instead of sending a field", async () => {
    const input = JSON.parse('{"email_verified":true,"__proto__":{"email":"a@b.co"}}') as never;
    expect(await issuesOf(client("2.16").createLead(input))).toEqual([
      { path: ["__proto__"], message: "is not an Intercom field" },
      { path: ["email_verified"], message: "needs an email in the same request" },
    ]);
    expect(served.fake.requests).toHaveLength(0);
  });

  it("refuses an array holding undefined, which JSON would send as null", async () => {
    expect(await issuesOf(client().createLead({ email: "a@b.co", tags: [1, undefined] } as never))).toEqual([
      { path: ["tags"], message: "must be JSON data: text, numbers, booleans, null, arrays and plain objects" },
    ]);
    // Undefined properties are left out by JSON, exactly as if absent, so they pass.
    await client().createLead({ email: "a@b.co", extra: { kept: 1, dropped: undefined } } as never);
    expect(served.fake.requests).toHaveLength(1);
  });

  it("an input that throws when read is refused, not thrown through", async () => {
    const throwing = Object.defineProperty({}, "email", {
      enumerable: true,
      get: () => {
        throw new TypeError("boom");
      },
    });
    const { proxy, revoke } = Proxy.revocable({ email: "a@b.co" }, {});
    revoke();
    for (const input of [throwing, proxy]) {
      expect(await issuesOf(client().createLead(input as never))).toEqual([
        { path: [], message: "A lead must be an object of Intercom fields" },
      ]);
    }
  });

  it("accepts plain objects from another realm", async () => {
    const foreign = runInNewContext('({ email: "a@b.co", custom_attributes: { plan: "pro" } })') as { email: string };
    await client().createLead(foreign);
    expect(served.fake.requests[0]!.body).toEqual({
      email: "a@b.co",
      custom_attributes: { plan: "pro" },
      role: "lead",
    });
  });

  it("refuses fields of the other API generation, which that version would not take", async () => {
    expect(
      await issuesOf(client("2.14").createLead({ utm_source: "ad", last_seen_user_agent: "Firefox" } as never)),
    ).toEqual([
      { path: ["utm_source"], message: "is not a lead field in API 2.14 (it is one in API 1.x)" },
      { path: ["last_seen_user_agent"], message: "is not a lead field in API 2.14 (it is one in API 1.x)" },
    ]);
    expect(await issuesOf(client("1.4").createLead({ external_id: "x", owner_id: 5 } as never))).toEqual([
      { path: ["external_id"], message: "is not a lead field in API 1.4 (it is one in API 2.x)" },
      { path: ["owner_id"], message: "is not a lead field in API 1.4 (it is one in API 2.x)" },
    ]);
    expect(served.fake.requests).toHaveLength(0);
  });

  it("leaves undefined fields out, as JSON does", async () => {
    await client().createLead({ email: "a@b.co", name: undefined });
    expect(served.fake.requests[0]!.body).toEqual({ email: "a@b.co", role: "lead" });
  });

  it("the error message names each problem", async () => {
    const error = await client()
      .createLead({ email: "nope", custom_attributes: { x: {} } } as never)
      .catch((thrown: LeadValidationError) => thrown);
    expect(error.message).toBe(
      "Invalid lead: email: must be an email address; custom_attributes.x: must be a string, a finite number, true, false or null",
    );
    expect(error.maybeCreated).toBe(false);
  });
});
