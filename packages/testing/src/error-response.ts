import type { IntercomErrorEntry } from "@intercom-leads/core";
import { JSON_CONTENT_TYPE } from "./constants.ts";

/** The body of every failed answer, as Intercom words it; the fake always sends a `request_id`. */
interface ErrorListBody {
  type: "error.list";
  request_id: string;
  errors: IntercomErrorEntry[];
}

/** Answers `body` as JSON with the headers every Intercom answer carries. */
export function jsonResponse(status: number, body: unknown, headers: Headers): Response {
  const out = new Headers(headers);
  out.set("content-type", JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { status, headers: out });
}

/** Answers an `error.list`; its `request_id` is the same id as the `X-Request-Id` header, to match them in logs. */
export function errorResponse(
  status: number,
  error: IntercomErrorEntry,
  requestId: string,
  headers: Headers,
): Response {
  const body: ErrorListBody = { type: "error.list", request_id: requestId, errors: [error] };
  return jsonResponse(status, body, headers);
}

/**
 * The 500 `error.list` answered when the fake itself (`who`) throws: a client under test must get an answer it
 * can handle, never a crash of the test's own server.
 */
export function internalError(error: unknown, who: string): Response {
  const requestId = crypto.randomUUID();
  const message = `${who} failed: ${error instanceof Error ? error.message : String(error)}`;
  return errorResponse(500, { code: "server_error", message }, requestId, new Headers({ "x-request-id": requestId }));
}

/** The error codes and messages Intercom uses, kept together so tests and the fake agree. */
export const ERRORS: {
  readonly unauthorized: IntercomErrorEntry;
  readonly notAcceptable: IntercomErrorEntry;
  readonly unsupportedMediaType: IntercomErrorEntry;
  readonly versionInvalid: IntercomErrorEntry;
  readonly malformedJson: IntercomErrorEntry;
  readonly notAnObject: IntercomErrorEntry;
  readonly contactNotFound: IntercomErrorEntry;
  readonly resourceNotFound: IntercomErrorEntry;
  readonly methodNotAllowed: IntercomErrorEntry;
  readonly serverError: IntercomErrorEntry;
  readonly serviceUnavailable: IntercomErrorEntry;
} = Object.freeze({
  unauthorized: { code: "unauthorized", message: "Access Token Invalid" },
  notAcceptable: {
    code: "media_type_not_acceptable",
    message: "The Accept header should send a media type of application/json",
  },
  unsupportedMediaType: {
    code: "unsupported_media_type",
    message: "The Content-Type header should send a media type of application/json",
  },
  versionInvalid: { code: "intercom_version_invalid", message: "The requested version could not be found" },
  malformedJson: { code: "bad_request", message: "There was a problem in the JSON you submitted" },
  notAnObject: { code: "bad_request", message: "The request body must be a JSON object" },
  contactNotFound: { code: "not_found", message: "Contact Not Found" },
  resourceNotFound: { code: "not_found", message: "Resource Not Found" },
  methodNotAllowed: { code: "method_not_allowed", message: "Method Not Allowed" },
  serverError: { code: "server_error", message: "Server Error" },
  serviceUnavailable: { code: "service_unavailable", message: "Sorry, the API service is temporarily unavailable" },
});

/** A 429 entry worded like Intercom's: "Exceeded rate limit of 1666 in 10_seconds". */
export function rateLimitError(limit: number, windowLabel: string): IntercomErrorEntry {
  return { code: "rate_limit_exceeded", message: `Exceeded rate limit of ${limit} in ${windowLabel}` };
}

/** A `parameter_invalid` entry naming the field, so clients can point at the input in error. */
export function parameterInvalid(field: string, message: string): IntercomErrorEntry {
  return { code: "parameter_invalid", message, field };
}

/** The entry for an injected 5xx: 503 reads as Intercom's maintenance answer, others as a crash. */
export function serverErrorFor(status: number): IntercomErrorEntry {
  return status === 503 ? ERRORS.serviceUnavailable : ERRORS.serverError;
}
