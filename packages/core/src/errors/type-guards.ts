import type { IntercomApiError } from "./intercom-api-error.ts";
import type { IntercomError } from "./intercom-error.ts";
import type { LeadValidationError } from "./lead-validation-error.ts";
import type { RateLimitError } from "./rate-limit-error.ts";

// Matching on `name` rather than `instanceof` keeps the guards working across
// realms (iframes, workers, duplicated package copies in a bundle).
function hasName(value: unknown, names: RegExp): boolean {
  const name = (value as { name?: unknown } | null)?.name;
  return typeof name === "string" && names.test(name) && typeof (value as { maybeCreated?: unknown }).maybeCreated === "boolean";
}

/** Whether `value` is any error thrown by this library. */
export function isIntercomError(value: unknown): value is IntercomError {
  return hasName(value, /^(Intercom(Api|Timeout|Network|Abort|Config)?|RateLimit|LeadValidation)Error$/);
}

/** Whether `value` is an HTTP error answer from Intercom (including 429). */
export function isIntercomApiError(value: unknown): value is IntercomApiError {
  return hasName(value, /^(IntercomApi|RateLimit)Error$/);
}

/** Whether `value` is a 429 from Intercom. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return hasName(value, /^RateLimitError$/);
}

/** Whether `value` is a refused lead input. */
export function isLeadValidationError(value: unknown): value is LeadValidationError {
  return hasName(value, /^LeadValidationError$/);
}
