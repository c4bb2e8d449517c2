import { isIntercomApiError, isIntercomError, isLeadValidationError, isRateLimitError } from "../errors/type-guards.ts";
import type { IntercomErrorEntry } from "../wire/error-list.ts";

/** A JSON answer that no cache keeps: every answer is about one lead. */
export function json(body: unknown, headers?: Record<string, string>, status?: number): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** An answer in Intercom's own `error.list` shape, so the browser's client types it like Intercom's. */
export function errorAnswer(
  status: number,
  errors: IntercomErrorEntry[],
  headers?: Record<string, string>,
  extra?: Record<string, unknown>,
): Response {
  return json({ type: "error.list", errors, ...extra }, headers, status);
}

/** An `error.list` answer with one error. */
export function fail(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  extra?: Record<string, unknown>,
): Response {
  return errorAnswer(status, [{ code, message }], headers, extra);
}

/**
 * Maps a thrown error to what the browser may know: this library's errors by kind
 * (the type guards match by name, so a `client` from another copy of the package counts too),
 * anything else as a bare 500. Upstream details (Intercom's messages, request ids,
 * headers) and anything about the token stay on the server.
 */
export function failure(error: unknown, headers: Record<string, string>): Response {
  if (isLeadValidationError(error)) {
    const { issues } = error;
    return errorAnswer(
      422,
      issues.map(({ path, message }) => ({ code: "parameter_invalid", message, field: path.join(".") || null })),
      headers,
      { issues },
    );
  }
  if (isRateLimitError(error)) {
    // Without a reset time this is NaN, and the browser waits 10 s.
    const seconds = Math.max(1, Math.ceil((Number(error.resetAt) - Date.now()) / 1000)) || 10;
    return fail(429, "rate_limit_exceeded", "Too many leads; try again shortly", {
      ...headers,
      "retry-after": String(seconds),
    });
  }
  if (isIntercomApiError(error) && [400, 404, 409, 422].includes(error.status)) {
    // Intercom refused the input itself: say which field, not Intercom's words.
    const message = "Intercom refused the lead";
    const errors = error.errors.length ? error.errors : [{ code: error.code }];
    return errorAnswer(
      422,
      errors.map((entry) => ({ code: entry.code, message, field: entry.field ?? null })),
      headers,
    );
  }
  if (!isIntercomError(error)) {
    // Not one of this library's errors: a throwing beforeCreate or respondWith. The browser learns nothing of it.
    return fail(500, "internal_error", "The lead could not be handled", headers);
  }
  // A bad token, an outage: nothing the browser can fix; it only needs to know whether to resend.
  return error.maybeCreated
    ? fail(502, "upstream_unconfirmed", "The lead may have been created; do not send it again", headers, {
        maybe_created: true,
      })
    : fail(502, "upstream_error", "Leads cannot be created right now", headers, { maybe_created: false });
}

/** A hook's own answer as it is (a Response is a valid init), readable by the page. */
export function withCors(response: Response, cors: Record<string, string>): Response {
  const answer = new Response(response.body, response);
  for (const [name, value] of Object.entries(cors)) answer.headers.set(name, value);
  return answer;
}
