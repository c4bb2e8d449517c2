export type { LeadImport, LeadImportOptions, LeadImportProgress, LeadImportSummary, LeadResult } from "./bulk/types.ts";
export { type AnyIntercomClient, createIntercom, type IntercomClient } from "./client/create-intercom.ts";
export { createLead } from "./client/create-lead.ts";
export { pageAttribution } from "./client/page-attribution.ts";
export { IntercomAbortError } from "./errors/intercom-abort-error.ts";
export { IntercomApiError, type IntercomApiErrorDetails } from "./errors/intercom-api-error.ts";
export { IntercomConfigError } from "./errors/intercom-config-error.ts";
export { IntercomError, type IntercomErrorOptions } from "./errors/intercom-error.ts";
export { IntercomNetworkError } from "./errors/intercom-network-error.ts";
export { IntercomTimeoutError } from "./errors/intercom-timeout-error.ts";
export { LeadValidationError, type LeadValidationIssue } from "./errors/lead-validation-error.ts";
export { type RateLimitDetails, RateLimitError } from "./errors/rate-limit-error.ts";
export {
  isIntercomAbortError,
  isIntercomApiError,
  isIntercomConfigError,
  isIntercomError,
  isIntercomNetworkError,
  isIntercomTimeoutError,
  isLeadValidationError,
  isRateLimitError,
} from "./errors/type-guards.ts";
export type { Contact, LeadFor, LegacyLead } from "./lead/contact.ts";
export type {
  CustomAttributes,
  LeadInput,
  LeadInput216,
  LeadInputFor,
  LegacyLeadInput,
  PreviewLeadInput,
} from "./lead/input.ts";
export { DESCRIBED_API_VERSIONS, type LeadField, leadFieldsFor } from "./lead/lead-fields.ts";
export { validateLeadInput } from "./lead/validate-lead.ts";
export type { LeadAttribution, LeadAttributionName } from "./types/attribution.ts";
export type { FetchHandler } from "./types/fetch-handler.ts";
export type { Governor } from "./types/governor.ts";
export type {
  CreateLeadOptions,
  IntercomOptions,
  IntercomRegion,
  ReconcileOptions,
  RequestOptions,
  RetryOptions,
} from "./types/options.ts";
export { type ApiVersion, DEFAULT_API_VERSION, type DefaultApiVersion } from "./version.ts";
export type { IntercomErrorEntry } from "./wire/error-list.ts";
export { PROXY_HEADERS } from "./wire/proxy-headers.ts";
