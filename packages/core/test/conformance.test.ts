import { createFakeIntercom } from "@intercom-leads/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createIntercom, LeadValidationError } from "../src/index.ts";
import {
  createLeadSeed,
  validateContact,
  validateCreateContactRequest,
  validateLegacyLead,
} from "./support/spec-validators.ts";

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const customAttributes = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
  { maxKeys: 5 },
);
const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });

/** Inputs a careful caller would write: every one of them must be sent. */
const validLead = fc.record(
  {
    email: fc.emailAddress(),
    phone: nullable(fc.string()),
    name: nullable(fc.string()),
    unsubscribed_from_emails: nullable(fc.boolean()),
    custom_attributes: nullable(customAttributes),
    external_id: fc.string(),
    avatar: nullable(fc.webUrl()),
    last_seen_at: nullable(timestamp),
    owner_id: nullable(fc.string()),
    role: fc.constant("lead" as const),
  },
  { requiredKeys: [] },
);

const knownFields = [
  "email",
  "phone",
  "name",
  "unsubscribed_from_emails",
  "custom_attributes",
  "external_id",
  "email_verified",
  "avatar",
  "last_seen_at",
  "owner_id",
  "role",
  "user_id",
  "signed_up_at",
  "session_count",
  "new_session",
  "last_seen_user_agent",
] as const;

// Values JSON cannot carry as they are: functions (a toJSON could rewrite the body), class instances, BigInts.
const notJson = fc.oneof(
  fc.func(fc.anything()),
  fc.date(),
  fc.bigInt(),
  fc.constant(Number.NaN),
  fc.constant(new Map()),
);

/** Anything at all, with a bias towards objects using Intercom's own field names. */
const anyInput = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom(...knownFields), fc.anything(), { maxKeys: 6 }),
  fc.dictionary(
    fc.oneof(fc.constantFrom(...knownFields, "toJSON", "extra"), fc.string()),
    fc.oneof(fc.anything(), notJson),
    { maxKeys: 6 },
  ),
  fc.dictionary(
    fc.constantFrom(...knownFields),
    fc.oneof(fc.string(), fc.emailAddress(), fc.integer(), fc.boolean(), fc.constant(null), customAttributes),
    { maxKeys: 6 },
  ),
  validLead,
);

function recordingClient(apiVersion: "2.14" | "2.16" | "1.4" = "2.14") {
  const fake = createFakeIntercom({ rateLimit: false });
  const intercom = createIntercom({
    token: "fake-intercom-token",
    baseUrl: "http://127.0.0.1:9",
    apiVersion,
    fetch: (request) => fake.fetch(request),
  });
  return { fake, intercom };
}

describe("conformance with Intercom's OpenAPI description (2.16)", () => {
  it("every body sent for a valid lead is a create_contact_request, and every answer a contact", async () => {
    await fc.assert(
      fc.asyncProperty(validLead, async (input) => {
        // The 2.16 description is the one copied here, so 2.16's rules (owner_id a string).
        const { fake, intercom } = recordingClient("2.16");
        const lead = await intercom.createLead(input);
        expect(fake.requests).toHaveLength(1);
        const body = fake.requests[0]!.body as Record<string, unknown>;
        expect(validateCreateContactRequest(body).errors).toEqual([]);
        expect(body.role).toBe("lead");
        expect(validateContact(lead).errors).toEqual([]);
        expect(lead.role).toBe("lead");
        expect(fake.leads).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it.each(["2.14", "1.4"] as const)(
    "API %s: any input either fails with a LeadValidationError before sending, or creates exactly one lead",
    async (version) => {
      let refused = 0;
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(anyInput, async (input) => {
          const { fake, intercom } = recordingClient(version);
          try {
            await intercom.createLead(input as never);
          } catch (error) {
            // Nothing else may escape: no TypeError, and no input the fake Intercom would refuse.
            expect(error).toBeInstanceOf(LeadValidationError);
            refused++;
            expect((error as LeadValidationError).issues.length).toBeGreaterThan(0);
            expect(fake.requests).toHaveLength(0);
            return;
          }
          sent++;
          expect(fake.requests).toHaveLength(1);
          expect(fake.leads).toHaveLength(1);
          const body = fake.requests[0]!.body as Record<string, unknown>;
          // 1.x bodies are sent as given and may carry no email, so only 2.x bodies must meet the 2.x schema.
          if (version === "2.14") expect(validateCreateContactRequest(body).errors).toEqual([]);
          else expect(body).not.toHaveProperty("role");
        }),
        { numRuns: 1000 },
      );
      // The generator must reach both outcomes, or the property proves nothing.
      expect(refused).toBeGreaterThan(100);
      expect(sent).toBeGreaterThan(100);
    },
  );
});

describe("conformance with the API 1.x Create Lead document", () => {
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
      { numRuns: 200 },
    );
  });
});
