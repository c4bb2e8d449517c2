import type { IntercomErrorEntry } from "../wire/error-list.ts";
import { isIntercomApiError, isLeadValidationError, isRateLimitError } from "../errors/type-guards.ts";

/** An answer in Intercom's own `error.list` shape, so the browser's client types it like Intercom's. */
export function errorAnswer(status: number, errors: IntercomErrorEntry[], headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Response {
  return Response.json({ type: "error.list", errors, ...extra }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * Maps a failed create to what the browser may know. Upstream details (Intercom's
 * messages, request ids, headers) and anything about the token stay on the server.
 */
export function upstreamFailure(error: unknown, headers: Record<string, string>): Response {
  if (isLeadValidationError(error)) {
    const issues = error.issues;
    const errors = issues.map((issue) => ({ code: "parameter_invalid", message: issue.message, field: issue.path.join(".") || null }));
    return errorAnswer(422, errors, headers, { issues });
  }
  if (isRateLimitError(error)) {
    const seconds = error.resetAt ? Math.max(1, Math.ceil((error.resetAt.getTime() - Date.now()) / 1000)) : 10;
    return errorAnswer(429, [{ code: "rate_limit_exceeded", message: "Too many leads right now; try again shortly" }], {
      ...headers,
      "retry-after": String(seconds),
    });
  }
  if (isIntercomApiError(error) && [400, 404, 409, 422].includes(error.status)) {
    // Intercom refused the input itself: say which field, not Intercom's words.
    const errors = error.errors.length ? error.errors.map(({ code, field }) => ({ code, message: "Intercom refused the lead", field: field ?? null })) : [{ code: error.code, message: "Intercom refused the lead" }];
    return errorAnswer(422, errors, headers);
  }
  const maybeCreated = typeof error === "object" && error !== null && (error as { maybeCreated?: unknown }).maybeCreated === true;
  if (maybeCreated) {
    return errorAnswer(502, [{ code: "upstream_unconfirmed", message: "The lead may have been created; do not send it again" }], headers, { maybe_created: true });
  }
  // A bad token, a config mistake, an Intercom outage that stored nothing: the browser cannot fix any of it.
  return errorAnswer(502, [{ code: "upstream_error", message: "Leads cannot be created right now" }], headers, { maybe_created: false });
}
