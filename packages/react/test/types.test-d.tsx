import type { Contact, IntercomError, LeadInput, LegacyLead, LegacyLeadInput } from "@intercom-leads/core";
import { QueryClient, type DataTag } from "@tanstack/react-query";
import { describe, expectTypeOf, it } from "vitest";
import { createLeadMutationOptions, leadKeys, useCreateLead, useLead } from "../src/index.ts";
import { createIntercom } from "@intercom-leads/core";

describe("useCreateLead types", () => {
  it("variables, data and error", () => {
    const result = useCreateLead();
    expectTypeOf(result.mutate).parameter(0).toEqualTypeOf<LeadInput>();
    expectTypeOf(result.data).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<IntercomError | null>();
    expectTypeOf(result.mutateAsync).returns.resolves.toEqualTypeOf<Contact>();
  });

  it("follows a 1.x version given as the type argument", () => {
    const result = useCreateLead<"1.4">();
    expectTypeOf(result.mutate).parameter(0).toEqualTypeOf<LegacyLeadInput>();
    expectTypeOf(result.data).toEqualTypeOf<LegacyLead | undefined>();
  });

  it("types the callbacks", () => {
    useCreateLead({
      onSuccess: (lead, input) => {
        expectTypeOf(lead).toEqualTypeOf<Contact>();
        expectTypeOf(input).toEqualTypeOf<LeadInput>();
      },
      onError: (error) => expectTypeOf(error).toEqualTypeOf<IntercomError>(),
    });
    // @ts-expect-error the mutation function is the hook's own
    useCreateLead({ mutationFn: async () => ({}) as Contact });
  });

  it("createLeadMutationOptions follows the client's version", () => {
    const options = createLeadMutationOptions(createIntercom({ apiVersion: "1.4" }));
    expectTypeOf(options.mutationFn).returns.resolves.toEqualTypeOf<LegacyLead>();
    expectTypeOf(options.mutationKey).toEqualTypeOf<readonly ["intercom-leads", "create-lead"]>();
  });
});

describe("leadKeys", () => {
  it("tags the detail key so the cache is type-checked", () => {
    const queryClient = new QueryClient();
    expectTypeOf(leadKeys.detail("id")).toMatchTypeOf<DataTag<readonly ["intercom-leads", "lead", string], Contact, IntercomError>>();
    expectTypeOf(queryClient.getQueryData(leadKeys.detail("id"))).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(queryClient.getQueryData(leadKeys.detail<LegacyLead>("id"))).toEqualTypeOf<LegacyLead | undefined>();
    // @ts-expect-error a number is not a lead
    queryClient.setQueryData(leadKeys.detail("id"), 42);
    expectTypeOf(leadKeys.all).toEqualTypeOf<readonly ["intercom-leads", "lead"]>();
  });

  it("useLead data and error", () => {
    const { data, error } = useLead("id");
    expectTypeOf(data).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(error).toEqualTypeOf<IntercomError | null>();
    expectTypeOf(useLead<LegacyLead>("id").data).toEqualTypeOf<LegacyLead | undefined>();
  });
});
