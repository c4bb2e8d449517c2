export {
  type CreateLeadMutationOptions,
  createLeadMutationOptions,
  type UseCreateLeadOptions,
} from "./create-lead-mutation-options.ts";
export { type CreateLeadMutationKey, type LeadDetailKey, type LeadKeys, type LeadsKey, leadKeys } from "./lead-keys.ts";
export { type LeadQueryOptions, leadQueryOptions } from "./lead-query-options.ts";
export {
  type LeadSubmission,
  type LeadSubmitOptions,
  type LeadVariables,
  leadSubmission,
} from "./lead-submission.ts";
export { IntercomLeadsProvider, type IntercomLeadsProviderProps, useIntercomClient } from "./provider.ts";
export {
  type LeadMutateFunctions,
  type LeadMutateOptions,
  type UseCreateLeadResult,
  useCreateLead,
} from "./use-create-lead.ts";
export { type UseLeadOptions, useLead } from "./use-lead.ts";
