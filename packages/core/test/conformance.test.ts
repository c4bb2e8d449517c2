/**
 * Conformance of what the client sends with Intercom's own descriptions, for every version they describe
 * (DESCRIBED_API_VERSIONS: 2.7 … 2.16 and Preview), validated with the committed spec fixtures
 * (support/spec-validators.ts; lead-fields.test.ts keeps those fixtures and the lead-field table equal to the
 * descriptions themselves). Valid inputs are generated from `leadFieldsFor(version)`, the table the client
 * validates with, so a field's type follows the version: owner_id an integer up to 2.15 and a string from 2.16,
 * email_verified only from 2.16, language_override only in Preview.
 */
import { createFakeIntercom } from "@intercom-leads/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createIntercom,
  DESCRIBED_API_VERSIONS,
  IntercomApiError,
  type LeadField,
  LeadValidationError,
  leadFieldsFor,
  validateLeadInput,
} from "../src/index.ts";
import {
  contactValidator,
  createContactRequestValidator,
  createLeadSeed,
  type SpecVersion,
  validateLegacyLead,
} from "./support/spec-validators.ts";

// Runs per version: 11 versions, and the whole file stays within about three seconds.
const VALID_RUNS = 80;
const ANY_RUNS = 200;

const CLIENT_VERSIONS = DESCRIBED_API_VERSIONS;

/**
 * Table fields the client refuses for leads although every create_contact_request describes them: `signed_up_at`
 * ("signed_up_at and sessions are not available for Leads", the Create Lead document). Not generated as valid input.
 */
const REFUSED_FOR_LEADS: ReadonlySet<string> = new Set(["signed_up_at"]);

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const customAttributes = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
  { maxKeys: 5 },
);
const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });

// Internationalised addresses: Intercom's create_contact_request types email as a plain string, and the client's
// check is loose on purpose ("zoë@example.com", "用户@例子.中国" are addresses).
const letters = [..."azAZ09", ..."äöüßéèçñøå", ..."用户例子测试", ..."примерпочта", ..."δοκιμή", "😀"];
const localPart = fc.string({ unit: fc.constantFrom(...letters, ".", "+", "_", "-"), minLength: 1, maxLength: 10 });
const domainLabel = fc.string({ unit: fc.constantFrom(...letters, "-"), minLength: 1, maxLength: 10 });
const topLevel = fc.constantFrom("com", "de", "中国", "рф", "ελ", "みんな");
const internationalEmail = fc
  .tuple(localPart, fc.array(domainLabel, { minLength: 1, maxLength: 2 }), topLevel)
  .map(([local, labels, tld]) => `${local}@${[...labels, tld].join(".")}`);
const email = fc.oneof(fc.emailAddress(), internationalEmail);

const byType: Record<LeadField["type"], fc.Arbitrary<unknown>> = {
  string: fc.string({ unit: "grapheme", maxLength: 16 }),
  integer: fc.maxSafeInteger(),
  boolean: fc.boolean(),
  timestamp,
  object: customAttributes,
};

/** The table's fields for `version` that a valid lead input may carry. */
function sendableFields(version: string): readonly LeadField[] {
  return leadFieldsFor(version).filter((field) => !REFUSED_FOR_LEADS.has(field.name));
}

// owner_id is "the id of an admin": a positive whole number, which the version types as an integer (321) or, from
// 2.16, a string ("321"). Any other integer (or string) conforms to the description too, but names no admin.
const adminId = fc.integer({ min: 1, max: 2_147_483_647 });

/** Values for a field of the table: its type's, and for a few fields the values that type stands for. */
function valueFor(field: LeadField): fc.Arbitrary<unknown> {
  if (field.name === "email") return email;
  if (field.name === "role") return fc.constant("lead");
  if (field.name === "owner_id") return field.type === "string" ? adminId.map(String) : adminId;
  return byType[field.type];
}

/** Valid lead inputs for `version`, generated from its row of the lead-field table. */
function validLeadFor(version: string): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of sendableFields(version)) {
    model[field.name] = field.nullable ? nullable(valueFor(field)) : valueFor(field);
  }
  // email_verified "must be supplied together with an email in the same request" (2.16's description).
  return fc.record(model, { requiredKeys: [] }).map((input) => {
    if (input.email !== undefined || !("email_verified" in input)) return input;
    const { email_verified: _dropped, ...rest } = input;
    return rest;
  });
}

/** Every field name any version of the table knows, the legacy ones and those refused for leads included. */
const knownFields = [
  ...new Set([
    ...DESCRIBED_API_VERSIONS.flatMap((version) => leadFieldsFor(version).map((field) => field.name)),
    ...leadFieldsFor("1.4").map((field) => field.name),
    "user_id",
    "signed_up_at",
    "session_count",
    "new_session",
  ]),
];

// Values JSON cannot carry as they are: functions (a toJSON could rewrite the body), class instances, BigInts.
const notJson = fc.oneof(
  fc.func(fc.anything()),
  fc.date(),
  fc.bigInt(),
  fc.constant(Number.NaN),
  fc.constant(new Map()),
);
// The right value for some version, the wrong one for another: owner_id 123 or "123", booleans, timestamps…
const fieldValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^\d{1,6}$/),
  email,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant("lead"),
  customAttributes,
);

/** Anything at all, with a bias towards objects using Intercom's own field names, and `version`'s valid inputs. */
function anyInputFor(version: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.anything(),
    fc.dictionary(fc.constantFrom(...knownFields), fc.anything(), { maxKeys: 6 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom(...knownFields, "toJSON", "extra"), fc.string()),
      fc.oneof(fc.anything(), notJson),
      { maxKeys: 6 },
    ),
    fc.dictionary(fc.constantFrom(...knownFields), fieldValue, { maxKeys: 6 }),
    validLeadFor(version),
  );
}

function recordingClient(apiVersion: string) {
  const fake = createFakeIntercom({ rateLimit: false });
  const intercom = createIntercom({
    token: "fake-intercom-token",
    baseUrl: "http://127.0.0.1:9",
    apiVersion: apiVersion as "2.14",
    fetch: (request) => fake.fetch(request),
  });
  return { fake, intercom };
}

/** What creating one lead did: the bodies that went out, and the error the call rejected with, if any. */
interface Outcome {
  bodies: Record<string, unknown>[];
  error?: unknown;
}

/** Creates a lead from `input` as the client does for `version`: a client pinned to `version`, talking to the fake. */
async function createFor(version: string, input: unknown): Promise<Outcome> {
  const { fake, intercom } = recordingClient(version);
  const bodies = () => fake.requests.map((request) => request.body as Record<string, unknown>);
  try {
    await intercom.createLead(input as never);
  } catch (error) {
    return { bodies: bodies(), error };
  }
  expect(fake.leads).toHaveLength(1);
  return { bodies: bodies() };
}

/**
 * What the fake Intercom may refuse in a body that conforms to the description: an owner_id that names no admin
 * (0, -5, "abc"; the fake takes a positive whole number). The client checks types, not which admins exist.
 */
const CHECKED_BEYOND_THE_DESCRIPTION: ReadonlySet<string> = new Set(["owner_id"]);

describe.each(DESCRIBED_API_VERSIONS)("API %s: the client sends that version's create_contact_request", (version) => {
  const validate = createContactRequestValidator(version as SpecVersion);
  const ownFields = new Set(leadFieldsFor(version).map((field) => field.name));
  const otherVersionsFields = knownFields.filter((name) => !ownFields.has(name));

  it("every valid input generated from leadFieldsFor is sent once, as given plus role lead, and conforms", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(validLeadFor(version), async (input) => {
        const { bodies, error } = await createFor(version, input);
        expect(error).toBeUndefined();
        expect(bodies).toHaveLength(1);
        const body = bodies[0]!;
        expect(body).toEqual(JSON.parse(JSON.stringify({ ...input, role: "lead" })));
        expect(validate(body).errors).toEqual([]);
        for (const [name, value] of Object.entries(input)) seen.add(value === null ? `${name}: null` : name);
      }),
      { numRuns: VALID_RUNS },
    );
    // The generator must reach every field of the table, and null wherever the table allows it.
    const expected = sendableFields(version).flatMap((field) =>
      field.nullable ? [field.name, `${field.name}: null`] : [field.name],
    );
    expect(expected.filter((what) => !seen.has(what))).toEqual([]);
  });

  it("any input fails with a LeadValidationError before sending, or sends exactly one conforming request", async () => {
    let refused = 0;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(anyInputFor(version), async (input) => {
        const { bodies, error } = await createFor(version, input);
        if (error instanceof LeadValidationError) {
          expect(error.issues.length).toBeGreaterThan(0);
          expect(bodies).toHaveLength(0);
          refused++;
          return;
        }
        expect(bodies).toHaveLength(1);
        const body = bodies[0]!;
        expect(body.role).toBe("lead");
        expect(validate(body).errors).toEqual([]);
        // A field of another version (owner_id's type aside) is never sent to this one.
        expect(Object.keys(body).filter((name) => otherVersionsFields.includes(name))).toEqual([]);
        if (error === undefined) created++;
        else {
          // Sent once and conforming, yet refused: only for what the description cannot say (see above).
          // Nothing else may escape: no TypeError, no answer the client could have foreseen.
          expect(error).toBeInstanceOf(IntercomApiError);
          const fields = (error as IntercomApiError).errors.map((entry) => String(entry.field));
          expect(fields.filter((field) => !CHECKED_BEYOND_THE_DESCRIPTION.has(field))).toEqual([]);
        }
      }),
      { numRuns: ANY_RUNS },
    );
    // The generator must reach both outcomes, or the property proves nothing.
    expect(refused).toBeGreaterThan(ANY_RUNS / 10);
    expect(created).toBeGreaterThan(ANY_RUNS / 10);
  });

  it("signed_up_at is described but refused for leads (the Create Lead document)", () => {
    expect(leadFieldsFor(version).some((field) => field.name === "signed_up_at")).toBe(true);
    expect(validateLeadInput({ email: "a@example.com", signed_up_at: 1 }, { apiVersion: version })).toEqual([
      { path: ["signed_up_at"], message: "is not available for leads" },
    ]);
  });
});

describe("versions and the client", () => {
  it.each(CLIENT_VERSIONS)("API %s: createLeads sends every valid input once, each conforming", async (version) => {
    const validate = createContactRequestValidator(version as SpecVersion);
    await fc.assert(
      fc.asyncProperty(fc.array(validLeadFor(version), { minLength: 1, maxLength: 20 }), async (inputs) => {
        const { fake, intercom } = recordingClient(version);
        const summary = await intercom.createLeads(inputs as never[], { reconcile: false }).summary();
        expect(summary).toMatchObject({ read: inputs.length, created: inputs.length, failed: 0 });
        const creates = fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");
        expect(creates).toHaveLength(inputs.length);
        for (const { body } of creates) expect(validate(body).errors).toEqual([]);
      }),
      { numRuns: 5 },
    );
  });

  it("a client pinned to Preview sends Intercom-Version: Preview", async () => {
    const { fake, intercom } = recordingClient("Preview");
    await intercom.createLead({ email: "a@b.co", language_override: "fr" } as never);
    expect(fake.requests[0]!.headers["intercom-version"]).toBe("Preview");
  });
});

// ──────────────────────────────────────────────────────────────────────────────────────────────────────────────
// THE FAKE INTERCOM'S ANSWER (packages/testing owns it, and validates it per version in its own tests).
// One check here: what the fake answers to this client, pinned to a version, is that version's `contact`.
// ──────────────────────────────────────────────────────────────────────────────────────────────────────────────
describe("[the fake, packages/testing] answers the client with the version's contact schema", () => {
  const sampleByType: Record<LeadField["type"], unknown> = {
    string: "Zoë Smith",
    integer: 123,
    boolean: true,
    timestamp: 1_571_672_154,
    object: { plan: "pro", seats: 3 },
  };
  const sampleByName: Record<string, unknown> = {
    role: "lead",
    email: "zoë@exämple.com",
    avatar: "https://example.org/avatar.png",
    external_id: "ext-1",
  };

  /** One lead with every sendable field of `version` set, each typed as the version's table types it. */
  function fullLead(version: string): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const field of sendableFields(version)) {
      input[field.name] = Object.hasOwn(sampleByName, field.name) ? sampleByName[field.name] : sampleByType[field.type];
    }
    // owner_id is an admin's id: 123 where the table types it an integer, "123" where a string.
    if (typeof input.owner_id === "string") input.owner_id = "123";
    return input;
  }

  it.each(CLIENT_VERSIONS)("API %s", async (version) => {
    const { fake, intercom } = recordingClient(version);
    const lead = await intercom.createLead(fullLead(version) as never);
    expect(fake.requests[0]!.apiVersion).toBe(version);
    expect(contactValidator(version as SpecVersion)(lead).errors).toEqual([]);
    expect(lead.role).toBe("lead");
  });
});

describe("conformance with the API 1.x Create Lead document", () => {
  it("any input either fails with a LeadValidationError before sending, or creates exactly one lead", async () => {
    let refused = 0;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(anyInputFor("2.14"), async (input) => {
        const { fake, intercom } = recordingClient("1.4");
        try {
          await intercom.createLead(input as never);
        } catch (error) {
          expect(error).toBeInstanceOf(LeadValidationError);
          expect(fake.requests).toHaveLength(0);
          refused++;
          return;
        }
        sent++;
        expect(fake.requests).toHaveLength(1);
        expect(fake.leads).toHaveLength(1);
        // 1.x bodies are sent as given: no role.
        expect(fake.requests[0]!.body).not.toHaveProperty("role");
      }),
      { numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(30);
    expect(sent).toBeGreaterThan(30);
  });

  it("sends the document's example request as the document does, and gets the document's lead shape", async () => {
    const { fake, intercom } = recordingClient("1.4");
    const lead = await intercom.createLead(createLeadSeed.request.body as never);
    const [request] = fake.requests;
    expect(request!.body).toEqual(createLeadSeed.request.body);
    expect(request!.method).toBe(createLeadSeed.request.method);
    expect(new URL(request!.url).pathname).toBe(new URL(createLeadSeed.request.url).pathname);
    for (const [name, value] of Object.entries(createLeadSeed.request.headers)) {
      if (name.toLowerCase() !== "authorization") expect(request!.headers[name.toLowerCase()]).toBe(value);
    }
    expect(validateLegacyLead(lead).errors).toEqual([]);
    expect(Object.keys(lead).sort()).toEqual(Object.keys(createLeadSeed.response.body).sort());
  });

  it("every valid legacy input gets a legacy lead", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            email: fc.emailAddress(),
            name: nullable(fc.string()),
            utm_source: nullable(fc.string()),
            custom_attributes: customAttributes,
            last_request_at: timestamp,
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          const { fake, intercom } = recordingClient("1.4");
          const lead = await intercom.createLead(input);
          expect(fake.requests[0]!.body).toEqual(JSON.parse(JSON.stringify(input)));
          expect(validateLegacyLead(lead).errors).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
