import type { IntercomApiError } from "./intercom-api-error.ts";
import type { IntercomError } from "./intercom-error.ts";
import type { LeadValidationError } from "./lead-validation-error.ts";
import type { RateLimitError } from "./rate-limit-error.ts";

// Matching on `name` rather than `instanceof` keeps the guards working across
// realms (iframes, workers, duplicated package copies in a bundle).
const API_ERROR_NAMES = new Set(["IntercomApiError", "RateLimitError"]);
const ERROR_NAMES = new Set([
  ...API_ERROR_NAMES,
  "IntercomError",
  "LeadValidationError",
  "IntercomTimeoutError",
  "IntercomNetworkError",
  "IntercomAbortError",
  "IntercomConfigError",
]);

const RATE_LIMIT = new Set(["RateLimitError"]);
const LEAD_VALIDATION = new Set(["LeadValidationError"]);

function hasName(value: unknown, names: ReadonlySet<string>): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    names.has((value as { name?: unknown }).name as string) &&
    typeof (value as { maybeCreated?: unknown }).maybeCreated === "boolean"
  );
}

/** Whether `value` is any error thrown by this library. */
export function isIntercomError(value: unknown): value is IntercomError {
  return hasName(value, ERROR_NAMES);
}

/** Whether `value` is an HTTP error answer from Intercom (including 429). */
export function isIntercomApiError(value: unknown): value is IntercomApiError {
  return hasName(value, API_ERROR_NAMES);
}

/** Whether `value` is a 429 from Intercom. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return hasName(value, RATE_LIMIT);
}

/** Whether `value` is a refused lead input. */
export function isLeadValidationError(value: unknown): value is LeadValidationError {
  return hasName(value, LEAD_VALIDATION);
}
