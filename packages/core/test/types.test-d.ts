import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiVersion,
  type Contact,
  createIntercom,
  createLead,
  type IntercomClient,
  type IntercomError,
  isIntercomError,
  isRateLimitError,
  type LeadInput,
  type LeadInput216,
  type LeadInputFor,
  type LegacyLead,
  type LegacyLeadInput,
  type PreviewLeadInput,
  type RateLimitError,
} from "../src/index.ts";

describe("the result type follows the API version", () => {
  it("defaults to a 2.x Contact", () => {
    const intercom = createIntercom({ token: "t" });
    expectTypeOf(intercom).toEqualTypeOf<IntercomClient<"2.14">>();
    expectTypeOf(intercom.createLead).returns.resolves.toEqualTypeOf<Contact>();
    expectTypeOf(intercom.createLead).parameter(0).toEqualTypeOf<LeadInput>();
    expectTypeOf(createIntercom().apiVersion).toEqualTypeOf<"2.14">();
  });

  it("a pinned 2.x version gives a Contact", () => {
    const intercom = createIntercom({ token: "t", apiVersion: "2.7" });
    expectTypeOf(intercom.apiVersion).toEqualTypeOf<"2.7">();
    expectTypeOf(intercom.createLead).returns.resolves.toEqualTypeOf<Contact>();
  });

  it("a 1.x version gives the legacy lead and takes legacy input", () => {
    const intercom = createIntercom({ token: "t", apiVersion: "1.4" });
    expectTypeOf(intercom.createLead).returns.resolves.toEqualTypeOf<LegacyLead>();
    expectTypeOf(intercom.createLead).parameter(0).toEqualTypeOf<LegacyLeadInput>();
  });

  it("Preview takes 2.16's input plus language_override", () => {
    expectTypeOf<LeadInputFor<"Preview">>().toEqualTypeOf<PreviewLeadInput>();
    expectTypeOf<LeadInputFor<"Preview">["owner_id"]>().toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error language_override is Preview's alone
    void createIntercom({ token: "t", apiVersion: "2.16" }).createLead({ language_override: "fr" });
  });

  it("a version only known at run time gives the union", () => {
    const version = "2.14" as ApiVersion;
    expectTypeOf(createIntercom({ apiVersion: version }).createLead).returns.resolves.toEqualTypeOf<
      Contact | LegacyLead
    >();
  });

  it("the one-shot form follows the same rules", () => {
    expectTypeOf(createLead({ email: "a@b.co" }, { token: "t" })).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(
      createLead({ email: "a@b.co" }, { token: "t", apiVersion: "1.0" }),
    ).resolves.toEqualTypeOf<LegacyLead>();
  });

  it("refuses fields of the other generation and wrong roles at compile time", () => {
    const v2 = createIntercom({ token: "t" });
    const v1 = createIntercom({ token: "t", apiVersion: "1.4" });
    // @ts-expect-error role must be "lead"
    void v2.createLead({ role: "user" });
    // @ts-expect-error user_id cannot be assigned to a lead
    void v2.createLead({ user_id: "u1" });
    // @ts-expect-error utm fields are 1.x
    void v2.createLead({ utm_source: "ad" });
    // @ts-expect-error custom attributes are flat
    void v2.createLead({ custom_attributes: { nested: { a: 1 } } });
    // @ts-expect-error external_id is 2.x
    void v1.createLead({ external_id: "x" });
    // @ts-expect-error not a known API version
    createIntercom({ apiVersion: "3.0" });
  });

  it("lead fields are typed, unknown ones are unknown", async () => {
    const lead = await createIntercom({ token: "t" }).createLead({ email: "a@b.co" });
    expectTypeOf(lead.id).toEqualTypeOf<string>();
    expectTypeOf(lead.role).toEqualTypeOf<"lead" | "user">();
    expectTypeOf(lead.some_future_field).toEqualTypeOf<unknown>();
    const legacy = await createIntercom({ apiVersion: "1.4" }).createLead({});
    expectTypeOf(legacy.user_id).toEqualTypeOf<string>();
    expectTypeOf(legacy.anonymous).toEqualTypeOf<boolean>();
  });
});

describe("error guards narrow", () => {
  it("isIntercomError and isRateLimitError", () => {
    const error: unknown = new Error("x");
    if (isIntercomError(error)) expectTypeOf(error).toEqualTypeOf<IntercomError>();
    if (isRateLimitError(error)) expectTypeOf(error.resetAt).toEqualTypeOf<Date | undefined>();
    expectTypeOf<RateLimitError["status"]>().toEqualTypeOf<number>();
  });
});

describe("createLeads types", () => {
  it("results carry the caller's own input type and the version's lead", async () => {
    const rows = [{ email: "a@b.co", name: "A", row: 1 }];
    for await (const result of createIntercom({ token: "t" }).createLeads(rows)) {
      expectTypeOf(result.input.row).toEqualTypeOf<number>();
      if (result.status === "created") expectTypeOf(result.lead).toEqualTypeOf<Contact>();
      if (result.status === "failed") expectTypeOf(result.error).toEqualTypeOf<IntercomError>();
      if (result.status === "skipped") expectTypeOf(result.duplicateOf).toEqualTypeOf<number>();
    }
    for await (const result of createIntercom({ token: "t", apiVersion: "1.4" }).createLeads([{ email: "a@b.co" }])) {
      if (result.status === "created") expectTypeOf(result.lead).toEqualTypeOf<LegacyLead>();
    }
    // @ts-expect-error inputs must be leads of the client's version
    createIntercom({ token: "t" }).createLeads([{ utm_source: "x" }]);
  });
});

describe("lead input follows the version's description (leadFieldsFor)", () => {
  it("owner_id is an integer up to 2.15 and a string from 2.16", () => {
    expectTypeOf<LeadInputFor<"2.7">["owner_id"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<LeadInputFor<"2.14">["owner_id"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<LeadInputFor<"2.15">["owner_id"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<LeadInputFor<"2.16">["owner_id"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<LeadInputFor<"2.14">>().toEqualTypeOf<LeadInput>();
    expectTypeOf<LeadInputFor<"2.16">>().toEqualTypeOf<LeadInput216>();
  });

  it("email_verified exists from 2.16 only", () => {
    expectTypeOf<LeadInputFor<"2.16">["email_verified"]>().toEqualTypeOf<boolean | null | undefined>();
    expectTypeOf<"email_verified" extends keyof LeadInputFor<"2.16"> ? true : false>().toEqualTypeOf<true>();
    expectTypeOf<"email_verified" extends keyof LeadInputFor<"2.15"> ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<"email_verified" extends keyof LeadInputFor<"2.14"> ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<"email_verified" extends keyof LeadInputFor<"2.7"> ? true : false>().toEqualTypeOf<false>();
  });

  it("Preview takes 2.16's input plus language_override", () => {
    expectTypeOf<LeadInputFor<"Preview">>().toEqualTypeOf<PreviewLeadInput>();
    expectTypeOf<LeadInputFor<"Preview">["owner_id"]>().toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error language_override is Preview's alone
    void createIntercom({ token: "t", apiVersion: "2.16" }).createLead({ language_override: "fr" });
  });

  it("a version only known at run time gives the union", () => {
    expectTypeOf<LeadInputFor<ApiVersion>>().toEqualTypeOf<
      LeadInput | LeadInput216 | LegacyLeadInput | PreviewLeadInput
    >();
    expectTypeOf<LeadInputFor<`2.${number}`>>().toEqualTypeOf<LeadInput | LeadInput216>();
    expectTypeOf<LeadInputFor<`2.${number}`>["owner_id"]>().toEqualTypeOf<number | string | null | undefined>();
    const version = "2.16" as ApiVersion;
    expectTypeOf(createIntercom({ apiVersion: version }).createLead)
      .parameter(0)
      .toEqualTypeOf<LeadInput | LeadInput216 | LegacyLeadInput | PreviewLeadInput>();
  });

  it("a client pinned to a version takes that version's owner_id and email_verified only", () => {
    const v216 = createIntercom({ apiVersion: "2.16" });
    const v214 = createIntercom({ apiVersion: "2.14" });
    void v216.createLead({ owner_id: "1", email: "a@b.co", email_verified: true });
    void v214.createLead({ owner_id: 1 });
    // @ts-expect-error owner_id is a string from 2.16
    void v216.createLead({ owner_id: 1 });
    // @ts-expect-error owner_id is an integer up to 2.15
    void v214.createLead({ owner_id: "1" });
    // @ts-expect-error email_verified exists from 2.16
    void v214.createLead({ email: "a@b.co", email_verified: true });
    // @ts-expect-error the default version is 2.14
    void createIntercom({ token: "t" }).createLead({ owner_id: "1" });
  });
});
