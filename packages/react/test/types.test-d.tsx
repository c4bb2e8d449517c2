import type { Contact, IntercomError, LeadInput, LegacyLead, LegacyLeadInput } from "@intercom-leads/core";
import { createIntercom, pageAttribution } from "@intercom-leads/core";
import { type DataTag, type MutationFunctionContext, QueryClient, useMutation } from "@tanstack/react-query";
import { describe, expectTypeOf, it } from "vitest";
import {
  createLeadMutationOptions,
  type LeadSubmission,
  leadKeys,
  leadQueryOptions,
  leadSubmission,
  useCreateLead,
  useLead,
} from "../src/index.ts";
import { registerLeadMutationDefaults, usePendingLeads } from "../src/offline.ts";

describe("useCreateLead types", () => {
  it("variables, data and error", () => {
    const result = useCreateLead();
    expectTypeOf(result.mutate).parameter(0).toEqualTypeOf<LeadInput>();
    expectTypeOf(result.data).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<IntercomError | null>();
    expectTypeOf(result.mutateAsync).returns.resolves.toEqualTypeOf<Contact>();
    expectTypeOf(result.variables).toEqualTypeOf<LeadSubmission | undefined>();
  });

  it("mutate takes the submission's extras beside TanStack's callbacks", () => {
    const { mutate } = useCreateLead();
    mutate(
      { email: "a@b.co" },
      { verificationToken: "token", attribution: pageAttribution(), onSuccess: (lead) => lead.id },
    );
    mutate({ email: "a@b.co" }, { attribution: { utm_source: "newsletter" } });
    // @ts-expect-error a verification token is a string
    mutate({ email: "a@b.co" }, { verificationToken: 42 });
  });

  it("isSuccess still narrows data", () => {
    const result = useCreateLead();
    if (result.isSuccess) expectTypeOf(result.data).toEqualTypeOf<Contact>();
  });

  it("follows a 1.x version given as the type argument", () => {
    const result = useCreateLead<"1.4">();
    expectTypeOf(result.mutate).parameter(0).toEqualTypeOf<LegacyLeadInput>();
    expectTypeOf(result.data).toEqualTypeOf<LegacyLead | undefined>();
  });

  it("types the callbacks", () => {
    useCreateLead({
      onSuccess: (lead, submission) => {
        expectTypeOf(lead).toEqualTypeOf<Contact>();
        expectTypeOf(submission).toEqualTypeOf<LeadSubmission>();
        expectTypeOf(submission.input).toEqualTypeOf<LeadInput>();
      },
      onError: (error) => expectTypeOf(error).toEqualTypeOf<IntercomError>(),
      dedupeWindowMs: 1000,
    });
    // @ts-expect-error the mutation function is the hook's own
    useCreateLead({ mutationFn: async () => ({}) as Contact });
    // @ts-expect-error the window is a number of milliseconds
    useCreateLead({ dedupeWindowMs: "5s" });
  });

  it("carries onMutate's result to onSuccess, onError, onSettled and the result's context", () => {
    const result = useCreateLead({
      onMutate: () => ({ startedAt: 1 }),
      onSuccess: (_lead, _input, onMutateResult) => expectTypeOf(onMutateResult).toEqualTypeOf<{ startedAt: number }>(),
      onError: (_error, _input, onMutateResult) =>
        expectTypeOf(onMutateResult).toEqualTypeOf<{ startedAt: number } | undefined>(),
      onSettled: (_lead, _error, _input, onMutateResult) =>
        expectTypeOf(onMutateResult).toEqualTypeOf<{ startedAt: number } | undefined>(),
    });
    expectTypeOf(result.context).toEqualTypeOf<{ startedAt: number } | undefined>();
  });
});

describe("createLeadMutationOptions types", () => {
  it("uses the default version's input and lead for a default client", () => {
    const options = createLeadMutationOptions(createIntercom());
    expectTypeOf(options.mutationFn).parameter(0).toEqualTypeOf<LeadInput | LeadSubmission>();
    expectTypeOf(options.mutationFn).parameter(1).toEqualTypeOf<MutationFunctionContext>();
    expectTypeOf(options.mutationFn).returns.resolves.toEqualTypeOf<Contact>();
    expectTypeOf(options.mutationKey).toEqualTypeOf<readonly ["intercom-leads", "create-lead"]>();
  });

  it("follows the client's version", () => {
    const options = createLeadMutationOptions(createIntercom({ apiVersion: "1.4" }));
    expectTypeOf(options.mutationFn).parameter(0).toEqualTypeOf<LegacyLeadInput | LeadSubmission<"1.4">>();
    expectTypeOf(options.mutationFn).returns.resolves.toEqualTypeOf<LegacyLead>();
  });

  it("takes the caller's options, typed, and a caller's key replaces ours in the type too", () => {
    const options = createLeadMutationOptions(createIntercom(), {
      mutationKey: ["my-app", "signup"],
      onMutate: () => 42,
      onSuccess: (lead, _input, onMutateResult) => {
        expectTypeOf(lead).toEqualTypeOf<Contact>();
        expectTypeOf(onMutateResult).toEqualTypeOf<number>();
      },
      onSettled: (_lead, _error, _input, onMutateResult) =>
        expectTypeOf(onMutateResult).toEqualTypeOf<number | undefined>(),
    });
    expectTypeOf(options.mutationKey).toEqualTypeOf<readonly ["my-app", "signup"]>();
    const result = useMutation(options);
    expectTypeOf(result.data).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(result.context).toEqualTypeOf<number | undefined>();
  });
});

describe("submissions", () => {
  it("useMutation(createLeadMutationOptions(…)) takes a plain input or a leadSubmission", () => {
    const { mutate } = useMutation(createLeadMutationOptions(createIntercom()));
    mutate({ email: "a@b.co" });
    mutate(leadSubmission({ email: "a@b.co" }, { verificationToken: "token" }));
    expectTypeOf(leadSubmission<"1.4">({ email: "a@b.co" }).input).toEqualTypeOf<LegacyLeadInput>();
  });

  it("registerLeadMutationDefaults takes the client's version", () => {
    registerLeadMutationDefaults(new QueryClient(), createIntercom({ apiVersion: "1.4" }), {
      onSuccess: (lead) => expectTypeOf(lead).toEqualTypeOf<LegacyLead>(),
    });
  });

  it("usePendingLeads lists inputs, by version", () => {
    expectTypeOf(usePendingLeads()).toEqualTypeOf<LeadInput[]>();
    expectTypeOf(usePendingLeads<"1.4">()).toEqualTypeOf<LegacyLeadInput[]>();
  });
});

describe("leadKeys", () => {
  it("tags the detail key so the cache is type-checked", () => {
    const queryClient = new QueryClient();
    expectTypeOf(leadKeys.detail("id")).toExtend<
      DataTag<readonly ["intercom-leads", "lead", string], Contact, IntercomError>
    >();
    expectTypeOf(queryClient.getQueryData(leadKeys.detail("id"))).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(queryClient.getQueryData(leadKeys.detail<"1.4">("id"))).toEqualTypeOf<LegacyLead | undefined>();
    // @ts-expect-error a number is not a lead
    queryClient.setQueryData(leadKeys.detail("id"), 42);
    expectTypeOf(leadKeys.all).toEqualTypeOf<readonly ["intercom-leads", "lead"]>();
  });
});

describe("leadQueryOptions and useLead", () => {
  it("leadQueryOptions infers the lead from the client's version", () => {
    const queryClient = new QueryClient();
    const modern = leadQueryOptions(createIntercom({ token: "t" }), "id");
    expectTypeOf(modern.queryKey).toEqualTypeOf(leadKeys.detail("id"));
    expectTypeOf(queryClient.fetchQuery(modern)).resolves.toEqualTypeOf<Contact>();
    const legacy = leadQueryOptions(createIntercom({ token: "t", apiVersion: "1.4" }), "id");
    expectTypeOf(legacy.queryKey).toEqualTypeOf(leadKeys.detail<"1.4">("id"));
    expectTypeOf(queryClient.fetchQuery(legacy)).resolves.toEqualTypeOf<LegacyLead>();
  });

  it("useLead data and error, by version like useCreateLead", () => {
    const { data, error } = useLead("id");
    expectTypeOf(data).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(error).toEqualTypeOf<IntercomError | null>();
    expectTypeOf(useLead<"1.4">("id").data).toEqualTypeOf<LegacyLead | undefined>();
  });

  it("useLead keeps its key and query function", () => {
    // @ts-expect-error the query function is the hook's own
    useLead("id", { queryFn: async () => ({}) as Contact });
    // @ts-expect-error the key is the hook's own
    useLead("id", { queryKey: ["other"] });
    useLead("id", { staleTime: 0, enabled: false });
  });
});
