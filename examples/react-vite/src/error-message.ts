import { type IntercomError, isLeadValidationError, isRateLimitError } from "@intercom-leads/core";

/** The form's fields, the ones a validation message can sit next to. */
export const FORM_FIELDS: readonly string[] = ["email", "name", "phone"];

/** What the visitor reads for each failure: each sentence is true whatever happened behind it. */
export const MESSAGES = {
  /** The browser was offline: the request never left. */
  offline: "You are offline, so nothing was sent. Please reconnect and try again.",
  /** The connection provably failed before the request left. */
  notSent: "We could not reach our server, so nothing was sent. Please check your connection and try again.",
  /** The connection failed and the browser cannot say whether the request got through. */
  unknown:
    "The connection failed before our server answered, so we cannot tell whether your details arrived. If you send them again, we may get them twice.",
  /** A timeout, or the proxy's `maybe_created: true`: the lead may be stored. */
  maybeStored: "We may already have your details; there is no need to send them again.",
  /** The proxy's human check (Turnstile) refused the submission: nothing was stored. */
  notVerified: "We could not confirm you are a person, so nothing was saved. Please complete the check and try again.",
  /** Any other failure: the proxy said nothing was stored. */
  notStored: "Something went wrong on our side and your details were not saved. Please try again in a moment.",
} as const;

/** The rate-limit message: nothing was stored, and `resetAt` says when a new submit can succeed. */
export function rateLimitMessage(resetAt: Date | undefined, now = Date.now()): string {
  const seconds = resetAt ? Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)) : 10;
  return `We are getting a lot of sign-ups right now and have not saved yours. Please try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}

/** The message for one field, from a LeadValidationError's issues. */
export function fieldMessage(error: IntercomError | null, field: string): string | undefined {
  if (!isLeadValidationError(error)) return undefined;
  return error.issues.find((issue) => issue.path[0] === field)?.message;
}

/** A sentence for every failure not shown next to a field, from the error's facts: its type and `maybeCreated`. */
export function formMessage(
  error: IntercomError | null,
  online = globalThis.navigator?.onLine ?? true,
): string | undefined {
  if (!error) return undefined;
  if (isLeadValidationError(error)) {
    // Issues on fields the form shows sit next to them; any other (a custom attribute) is said here.
    const other = error.issues.filter((issue) => !FORM_FIELDS.includes(String(issue.path[0])));
    return other.length ? `Please check your details: ${other.map((issue) => issue.message).join("; ")}.` : undefined;
  }
  if (isRateLimitError(error)) return rateLimitMessage(error.resetAt);
  if ((error as { code?: string }).code === "human_verification_failed") return MESSAGES.notVerified;
  if (error.name === "IntercomNetworkError") {
    if (!error.maybeCreated) return online ? MESSAGES.notSent : MESSAGES.offline;
    return MESSAGES.unknown;
  }
  return error.maybeCreated ? MESSAGES.maybeStored : MESSAGES.notStored;
}
