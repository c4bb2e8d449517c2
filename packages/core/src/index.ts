export { createIntercom, type IntercomClient } from "./client/create-intercom.ts";
export { createLead } from "./client/create-lead.ts";
export type {
  CreateLeadOptions,
  CreateLeadRequestOptions,
  IntercomOptions,
  IntercomRegion,
  RequestOptions,
  RetryOptions,
} from "./client/options.ts";
export type { ReconcileOptions } from "./reconcile/find-created-lead.ts";
export type { CreateLeadsOptions, LeadImport, LeadImportProgress, LeadImportSummary, LeadResult } from "./bulk/types.ts";
export { validateLeadInput } from "./lead/validate-lead.ts";
export { IntercomError, type IntercomErrorOptions } from "./errors/intercom-error.ts";
export { IntercomApiError, type IntercomApiErrorDetails } from "./errors/intercom-api-error.ts";
export { RateLimitError, type RateLimitDetails } from "./errors/rate-limit-error.ts";
export { LeadValidationError, type LeadValidationIssue } from "./errors/lead-validation-error.ts";
export { IntercomTimeoutError } from "./errors/intercom-timeout-error.ts";
export { IntercomNetworkError } from "./errors/intercom-network-error.ts";
export { IntercomAbortError } from "./errors/intercom-abort-error.ts";
export { IntercomConfigError } from "./errors/intercom-config-error.ts";
export { isIntercomApiError, isIntercomError, isLeadValidationError, isRateLimitError } from "./errors/type-guards.ts";
export type { Contact, LeadFor, LegacyLead } from "./lead/contact.ts";
export type { CustomAttributes, LeadInput, LeadInputFor, LegacyLeadInput } from "./lead/input.ts";
export { DEFAULT_API_VERSION, type ApiVersion, type DefaultApiVersion } from "./version.ts";
export type { IntercomErrorEntry, IntercomErrorList } from "./wire/error-list.ts";
