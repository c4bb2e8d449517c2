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
  type LegacyLead,
  type LegacyLeadInput,
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
