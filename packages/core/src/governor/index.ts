/**
 * `@intercom-leads/core/governor`: the rate governor a client with a token makes for itself, to share
 * between clients. An entry of its own so that the main entry keeps loading it on demand.
 * @module
 */
export type { Governor } from "../types/governor.ts";
export { RateGovernor } from "./rate-governor.ts";
export { type RateReport, type ReportedWindow, rateReport, reportedWindow } from "./rate-report.ts";
