export { createLeadMutationOptions, type CreateLeadMutationOptions, type UseCreateLeadOptions } from "./create-lead-mutation-options.ts";
export { type CreateLeadMutationKey, type LeadDetailKey, type LeadKeys, leadKeys, type LeadsKey } from "./lead-keys.ts";
export { leadQueryOptions, type LeadQueryOptions } from "./lead-query-options.ts";
export { IntercomLeadsProvider, type IntercomLeadsProviderProps, useIntercomClient } from "./provider.ts";
export { useCreateLead, type UseCreateLeadResult } from "./use-create-lead.ts";
export { useLead, type UseLeadOptions } from "./use-lead.ts";
