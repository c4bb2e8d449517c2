import { describe, expect, it } from "vitest";
import { DESCRIBED_API_VERSIONS } from "../src/index.ts";
import spec216 from "./fixtures/intercom-openapi-2.16.json" with { type: "json" };
import {
  createLeadSeed,
  SPEC_VERSIONS,
  spec216Examples,
  specFixture,
  specSchemaValidator,
  validateContact,
  validateCreateContactRequest,
  validateCreateContactResponse,
  validateErrorList,
  validateLegacyLead,
} from "./support/spec-validators.ts";

const createdContact = spec216Examples.responses["200"].successful.value;
const unauthorized = spec216Examples.responses["401"].Unauthorized.value;
const legacyLead = createLeadSeed.response.body;
const fixtures = SPEC_VERSIONS.map(specFixture);

/** Every key used anywhere in a JSON value (property names included). */
function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, keys);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

describe("spec fixtures", () => {
  it("exist for every version the lead-field table is read from, and no other", () => {
    expect(SPEC_VERSIONS).toEqual(DESCRIBED_API_VERSIONS);
  });

  it.each(fixtures)("record their provenance ($source.version)", (fixture) => {
    const folder = fixture.source.version === "Preview" ? "preview" : fixture.source.version;
    expect(fixture.source).toMatchObject({
      repository: "https://github.com/intercom/Intercom-OpenAPI",
      // Preview is descriptions/0 upstream (shared/spec/README.md).
      path: `descriptions/${folder === "preview" ? "0" : folder}/api.intercom.io.yaml`,
      copiedTo: `shared/spec/${folder}/api.intercom.io.yaml`,
      license: "MIT",
      copyright: "Copyright (c) 2022 Intercom, Inc.",
    });
    expect(fixture.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fixture.source.gitBlob).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(fixture.schemas)).toEqual(
      expect.arrayContaining(["create_contact_request", "contact", "error", "intercom_version"]),
    );
  });

  it("all come from one upstream commit", () => {
    expect(new Set(fixtures.map((fixture) => fixture.source.commit)).size).toBe(1);
  });

  it("match the blob ids shared/spec/README.md gives for 2.16 and 2.7", () => {
    expect(specFixture("2.16").source.gitBlob).toBe("34e3c3b1ef35b5decdb815e806b6abd4b04b5757");
    expect(specFixture("2.7").source.gitBlob).toBe("cd4d60743452308be3e8fb5d73802de32f4647dc");
  });

  it.each(fixtures)("hold JSON Schema, not OpenAPI-only keywords ($source.version)", (fixture) => {
    const keys = allKeys([fixture.schemas, fixture.operation]);
    expect(keys).not.toContain("nullable");
    expect(keys).not.toContain("example");
    expect([...keys].filter((k) => k.startsWith("x-"))).toEqual([]);
  });

  it.each(fixtures)("resolve every $ref within the fixture ($source.version)", (fixture) => {
    const refs = JSON.stringify([fixture.operation, fixture.schemas]).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(fixture.schemas, ref).toHaveProperty([name]);
    }
  });

  it("say which schemas their description references without defining (2.7 to 2.11: custom_attributes)", () => {
    const unresolved = Object.fromEntries(
      fixtures.map((fixture) => [fixture.source.version, fixture.unresolvedRefs.map((entry) => entry.ref)]),
    );
    const missing = ["#/components/schemas/custom_attributes"];
    expect(unresolved).toEqual({
      "2.7": missing,
      "2.8": missing,
      "2.9": missing,
      "2.10": missing,
      "2.11": missing,
      "2.12": [],
      "2.13": [],
      "2.14": [],
      "2.15": [],
      "2.16": [],
      Preview: [],
    });
    const [entry] = specFixture("2.7").unresolvedRefs;
    expect(entry).toMatchObject({
      referencedFrom: [
        "components.schemas.create_phone_switch_request",
        "components.schemas.update_conversation_request",
      ],
      inFixture: false,
    });
    expect(entry!.note).toMatch(/not defined/);
    for (const fixture of fixtures) expect(fixture.schemas).not.toHaveProperty(["custom_attributes"]);
  });

  it.each(fixtures)("accept their own POST /contacts examples ($source.version)", (fixture) => {
    const version = fixture.source.version as (typeof SPEC_VERSIONS)[number];
    const request = specSchemaValidator(version, "create_contact_request");
    for (const example of Object.values(fixture.examples.request)) expect(request(example.value).errors).toEqual([]);
    const contact = specSchemaValidator(version, "contact");
    for (const example of Object.values(fixture.examples.responses["200"] ?? {}))
      expect(contact(example.value).errors).toEqual([]);
  });
});

describe("validateCreateContactRequest (2.16 create_contact_request)", () => {
  it("accepts the spec's request example", () => {
    expect(spec216Examples.request.successful.value).toEqual({ email: "joebloggs@intercom.io" });
    expect(validateCreateContactRequest(spec216Examples.request.successful.value)).toEqual({ valid: true, errors: [] });
  });

  it("accepts a lead with the nullable fields set to null", () => {
    const body = {
      role: "lead",
      email: "a@example.com",
      phone: null,
      name: null,
      avatar: null,
      custom_attributes: null,
    };
    expect(validateCreateContactRequest(body).valid).toBe(true);
  });

  it("accepts the 1.x seed's request body (it carries an email)", () => {
    expect(validateCreateContactRequest(createLeadSeed.request.body).valid).toBe(true);
  });

  it("rejects an email that is not a string", () => {
    const result = validateCreateContactRequest({ email: 42 });
    expect(result.valid).toBe(false);
    expect(result.errors).toContain("/email must be string");
  });

  it.each([
    [{ role: "lead", phone: 353 }, "/phone must be string,null"],
    [{ role: "lead", signed_up_at: "2020-01-01" }, "/signed_up_at must be integer,null"],
    [{ role: "lead", custom_attributes: "vip" }, "/custom_attributes must be object,null"],
    [{ role: "lead", email_verified: "yes" }, "/email_verified must be boolean,null"],
  ])("rejects wrong types: %j", (body, message) => {
    const result = validateCreateContactRequest(body);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(message);
  });

  it("requires at least one of email, external_id, role (the schema's anyOf)", () => {
    expect(spec216.schemas.create_contact_request.anyOf.map((branch) => branch.required)).toEqual([
      ["email"],
      ["external_id"],
      ["role"],
    ]);
    for (const body of [{ email: "a@example.com" }, { external_id: "ext-1" }, { role: "lead" }]) {
      expect(validateCreateContactRequest(body), JSON.stringify(body)).toEqual({ valid: true, errors: [] });
    }
    for (const body of [{}, { name: "Winston Smith", phone: "123987456" }, { owner_id: "1", custom_attributes: {} }]) {
      const result = validateCreateContactRequest(body);
      expect(result.valid, JSON.stringify(body)).toBe(false);
      expect(result.errors).toContain("(root) must match a schema in anyOf");
    }
  });

  it("checks presence only: an empty email satisfies the anyOf, a null email fails its type", () => {
    expect(validateCreateContactRequest({ email: "" }).valid).toBe(true);
    expect(validateCreateContactRequest({ email: null }).errors).toEqual(["/email must be string"]);
  });

  it("does not constrain role to an enum (spec quirk: any string passes)", () => {
    expect(validateCreateContactRequest({ role: "visitor" }).valid).toBe(true);
    expect(validateCreateContactRequest({ role: 1 }).valid).toBe(false);
  });
});

describe("validateContact (2.16 contact)", () => {
  it("accepts the spec's POST /contacts 200 example", () => {
    expect(validateContact(createdContact)).toEqual({ valid: true, errors: [] });
    expect(validateCreateContactResponse(createdContact)).toEqual({ valid: true, errors: [] });
  });

  it("accepts a lead (role is a plain string) with extra, unknown fields", () => {
    expect(validateContact({ ...createdContact, role: "lead", some_future_field: { x: 1 } }).valid).toBe(true);
  });

  it("rejects an id that is not a string", () => {
    const result = validateContact({ ...createdContact, id: 5 });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(["/id must be string"]);
  });

  it.each([
    [{ type: 5 }, "/type must be string"],
    [{ created_at: "2024-12-18T15:57:17Z" }, "/created_at must be integer"],
    [{ email: null }, "/email must be string"],
    [{ avatar: "https://example.org/a.png" }, "/avatar must be object,null"],
    [{ tags: { type: "list", data: "none" } }, "/tags/data must be array"],
    [{ location: { type: "location", city: 7 } }, "/location/city must be string,null"],
  ])("rejects %j", (patch, message) => {
    const result = validateContact({ ...createdContact, ...patch });
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(message);
  });

  it("reports every error, not just the first (allErrors)", () => {
    expect(validateContact({ id: 5, type: 5, created_at: "now" }).errors).toHaveLength(3);
  });

  it("requires no property at all (spec quirk: contact has no `required`, so a missing type passes)", () => {
    expect("required" in spec216.schemas.contact).toBe(false);
    const { type: _type, ...withoutType } = createdContact;
    expect(validateContact(withoutType).valid).toBe(true);
    expect(validateContact({}).valid).toBe(true);
    expect(validateContact("contact").valid).toBe(false);
  });

  it("the 200 response schema adds enabled_push_messaging (boolean or null)", () => {
    expect(validateCreateContactResponse({ ...createdContact, enabled_push_messaging: true }).valid).toBe(true);
    expect(validateCreateContactResponse({ ...createdContact, enabled_push_messaging: "yes" }).valid).toBe(false);
    expect(validateContact({ ...createdContact, enabled_push_messaging: "yes" }).valid).toBe(true);
  });

  it("differs from 2.7, where owner_id is an integer", () => {
    const contact27 = specSchemaValidator("2.7", "contact");
    expect(contact27({ ...createdContact, owner_id: 123 }).valid).toBe(true);
    expect(contact27({ ...createdContact, owner_id: "123" }).valid).toBe(false);
    expect(validateContact({ ...createdContact, owner_id: "123" }).valid).toBe(true);
    expect(validateContact({ ...createdContact, owner_id: 123 }).valid).toBe(false);
  });

  it("refuses schema names the fixture does not include", () => {
    expect(() => specSchemaValidator("2.16", "company")).toThrow(/no schema company/);
  });
});

describe("validateErrorList (2.16 error)", () => {
  it("accepts the spec's POST /contacts 401 example", () => {
    expect(validateErrorList(unauthorized)).toEqual({ valid: true, errors: [] });
  });

  it("accepts a minimal error list with null message and field", () => {
    const body = {
      type: "error.list",
      request_id: null,
      errors: [{ code: "parameter_invalid", message: null, field: null }],
    };
    expect(validateErrorList(body).valid).toBe(true);
  });

  it("rejects errors that is not an array", () => {
    const result = validateErrorList({ ...unauthorized, errors: "x" });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(["/errors must be array"]);
  });

  it.each([
    [{ type: "error.list" }, "(root) must have required property 'errors'"],
    [{ errors: [] }, "(root) must have required property 'type'"],
    [{ type: "error.list", errors: [{ message: "no code" }] }, "/errors/0 must have required property 'code'"],
    [{ type: "error.list", request_id: "abc", errors: [] }, '/request_id must match format "uuid"'],
  ])("rejects %j", (body, message) => {
    const result = validateErrorList(body);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(message);
  });
});

describe("validateLegacyLead (1.x seed)", () => {
  it("accepts the seed's lead response", () => {
    expect(validateLegacyLead(legacyLead)).toEqual({ valid: true, errors: [] });
  });

  it("accepts a lead without email/phone/name, with UTM values and unknown fields", () => {
    const lead = { ...legacyLead, email: null, phone: null, name: null, utm_source: "newsletter", brand_new: 1 };
    expect(validateLegacyLead(lead).valid).toBe(true);
  });

  it("rejects anonymous that is not a boolean", () => {
    const result = validateLegacyLead({ ...legacyLead, anonymous: "yes" });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(["/anonymous must be boolean"]);
  });

  it.each([
    [{ type: "user" }, '/type must be equal to constant {"allowedValue":"contact"}'],
    [{ created_at: null }, "/created_at must be integer"],
    [{ avatar: { type: "avatar" } }, "/avatar must have required property 'image_url'"],
    [{ tags: { type: "tag.list", tags: {} } }, "/tags/tags must be array"],
    [{ custom_attributes: { plan: { tier: 1 } } }, "/custom_attributes/plan must be string,number,boolean,null"],
  ])("rejects %j", (patch, message) => {
    const result = validateLegacyLead({ ...legacyLead, ...patch });
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(message);
  });

  it("requires every field of the example", () => {
    const { user_id: _userId, ...withoutUserId } = legacyLead;
    expect(validateLegacyLead(withoutUserId).errors).toEqual(["(root) must have required property 'user_id'"]);
    expect(createLeadSeed.schema.required).toEqual(Object.keys(legacyLead));
  });
});

describe("createLeadSeed (1.x Create Lead document)", () => {
  it("holds the example request and response", () => {
    expect(createLeadSeed.request).toEqual({
      method: "POST",
      url: "https://api.intercom.io/contacts",
      headers: {
        Authorization: "Bearer <Your access token>",
        Accept: "application/json",
        "Content-Type": "application/json",
      },
      body: { phone: "123987456", email: "winstonsmith@truth.org", name: "Winston Smith" },
    });
    expect(createLeadSeed.response.status).toBe(200);
    expect(legacyLead).toMatchObject({
      type: "contact",
      anonymous: true,
      user_id: "77177570-cf5d-4f1a-bc75-75202af47d4f",
    });
  });

  it("holds the document's rules", () => {
    expect(createLeadSeed.rules).toHaveLength(6);
    expect(createLeadSeed.rules.join(" ")).toContain("it is not possible to assign these through the API");
    expect(createLeadSeed.rules.some((r) => r.includes("signed_up_at and sessions are not available for Leads"))).toBe(
      true,
    );
    expect(createLeadSeed.rules.some((r) => r.includes("submitted as last_seen_user_agent"))).toBe(true);
  });

  it("is frozen, so a test cannot change it for the others", () => {
    expect(Object.isFrozen(createLeadSeed.response.body)).toBe(true);
    expect(Object.isFrozen(spec216Examples.responses["200"].successful.value)).toBe(true);
  });
});
