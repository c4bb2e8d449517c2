import { type IntercomError, isLeadValidationError, isRateLimitError } from "@intercom-leads/core";

/** The message for one field, from a LeadValidationError's issues. */
export function fieldMessage(error: IntercomError | null, field: string): string | undefined {
  if (!isLeadValidationError(error)) return undefined;
  return error.issues.find((issue) => issue.path[0] === field)?.message;
}

/** A kind sentence for every other failure, by its type: what happened and what to do. */
export function formMessage(error: IntercomError | null): string | undefined {
  if (!error || isLeadValidationError(error)) return undefined;
  if (isRateLimitError(error)) {
    const seconds = error.resetAt ? Math.max(1, Math.ceil((error.resetAt.getTime() - Date.now()) / 1000)) : 10;
    return `We are getting a lot of sign-ups right now. Please try again in ${seconds} seconds.`;
  }
  if (error.maybeCreated) return "We may already have your details; there is no need to send them again.";
  if (error.name === "IntercomNetworkError")
    return "We could not reach our server. Please check your connection and try again.";
  return "Something went wrong on our side. Please try again in a moment.";
}
