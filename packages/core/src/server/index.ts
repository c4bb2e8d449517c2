/**
 * `@intercom-leads/core/server`: the route that holds the Intercom token so browsers can create leads.
 * @module
 */
export type { FetchHandler } from "../types/fetch-handler.ts";
export { DEFAULT_FIELDS } from "./allowlist.ts";
export { createLeadHandler } from "./create-lead-handler.ts";
export type { BeforeCreateResult, LeadHandlerOptions, LeadResponseView } from "./options.ts";
