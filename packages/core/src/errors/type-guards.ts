import type { IntercomAbortError } from "./intercom-abort-error.ts";
import type { IntercomApiError } from "./intercom-api-error.ts";
import type { IntercomConfigError } from "./intercom-config-error.ts";
import type { IntercomError } from "./intercom-error.ts";
import type { IntercomNetworkError } from "./intercom-network-error.ts";
import type { IntercomTimeoutError } from "./intercom-timeout-error.ts";
import type { LeadValidationError } from "./lead-validation-error.ts";
import type { RateLimitError } from "./rate-limit-error.ts";

// Each class's name and the names of its subclasses. Matching on `name` rather than `instanceof`
// keeps the guards working across realms (iframes, workers, two copies of the package in a bundle).
const API = ["IntercomApiError", "RateLimitError"];
const ALL = new Set([
  "IntercomError",
  "IntercomTimeoutError",
  "IntercomNetworkError",
  "IntercomAbortError",
  "IntercomConfigError",
  "LeadValidationError",
  ...API,
]);

function named(value: unknown, names: ReadonlySet<string> | readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { name, maybeCreated } = value as { name?: unknown; maybeCreated?: unknown };
  if (typeof name !== "string" || typeof maybeCreated !== "boolean") return false;
  return "has" in names ? names.has(name) : names.includes(name);
}

/** Whether `value` is any error this library throws. */
export function isIntercomError(value: unknown): value is IntercomError {
  return named(value, ALL);
}

/** Whether `value` is an HTTP error answer from Intercom, or from the proxy (a `RateLimitError` included). */
export function isIntercomApiError(value: unknown): value is IntercomApiError {
  return named(value, API);
}

/** Whether `value` is a 429: the rate limit, Intercom's or the proxy's. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return named(value, ["RateLimitError"]);
}

/** Whether `value` is a lead input refused before sending, or by the proxy's check of it. */
export function isLeadValidationError(value: unknown): value is LeadValidationError {
  return named(value, ["LeadValidationError"]);
}

/** Whether `value` is a call that got no answer within its `timeout`. */
export function isIntercomTimeoutError(value: unknown): value is IntercomTimeoutError {
  return named(value, ["IntercomTimeoutError"]);
}

/** Whether `value` is a failed connection. */
export function isIntercomNetworkError(value: unknown): value is IntercomNetworkError {
  return named(value, ["IntercomNetworkError"]);
}

/** Whether `value` is a call stopped by its caller's `signal`. */
export function isIntercomAbortError(value: unknown): value is IntercomAbortError {
  return named(value, ["IntercomAbortError"]);
}

/** Whether `value` is a refusal of unusable or unsafe options, before anything was sent. */
export function isIntercomConfigError(value: unknown): value is IntercomConfigError {
  return named(value, ["IntercomConfigError"]);
}
