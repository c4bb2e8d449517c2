import type { IntercomErrorEntry } from "../wire/error-list.ts";
import { numberHeader } from "../wire/number-header.ts";
import { IntercomApiError } from "./intercom-api-error.ts";
import { LeadValidationError, type LeadValidationIssue } from "./lead-validation-error.ts";
import { RateLimitError } from "./rate-limit-error.ts";

/** `Retry-After` first (relative, so immune to clock skew), else `X-RateLimit-Reset` (Unix seconds). */
function resetTime(headers: Headers, now: number): Date | undefined {
  const seconds = numberHeader(headers, "retry-after");
  const date = Date.parse(headers.get("retry-after") ?? "");
  const reset = numberHeader(headers, "x-ratelimit-reset");
  const at =
    seconds !== undefined
      ? now + seconds * 1000
      : !Number.isNaN(date)
        ? date
        : reset !== undefined
          ? reset * 1000
          : undefined;
  return at === undefined ? undefined : new Date(at);
}

/** The parts of an error body this library reads; `maybe_created` and `issues` come from its own proxy handler. */
interface ErrorBody {
  errors?: unknown;
  request_id?: unknown;
  maybe_created?: unknown;
  issues?: unknown;
}

/** A non-2xx answer, read: its status, headers and (when it was JSON) body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ErrorBody;
}

/** Reads a non-2xx answer's body, once, so the error can be built from it more than once. */
export async function readErrorAnswer(response: Response): Promise<ErrorAnswer> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) ?? {};
  } catch {
    // Not JSON (an HTML error page from a proxy, an empty or cut-off body): the status alone is left to go on.
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * Turns a non-2xx answer into the matching typed error: a `RateLimitError`
 * for 429, a `LeadValidationError` for the proxy handler's 422 with issues,
 * an `IntercomApiError` otherwise. `earlierMaybeCreated`: an earlier attempt
 * of the same call may have stored the lead, whatever this answer says.
 */
export function errorFromAnswer(
  { status, headers, body }: ErrorAnswer,
  earlierMaybeCreated = false,
): IntercomApiError | LeadValidationError {
  const { errors, request_id, maybe_created, issues } = body;
  if (status === 422 && Array.isArray(issues)) {
    const valid = issues.filter(
      (issue: LeadValidationIssue) => Array.isArray(issue?.path) && typeof issue.message === "string",
    );
    if (valid.length) return new LeadValidationError(valid, { maybeCreated: earlierMaybeCreated });
  }
  const details = {
    status,
    errors: Array.isArray(errors) ? errors.filter((entry: IntercomErrorEntry) => typeof entry?.code === "string") : [],
    requestId: typeof request_id === "string" ? request_id : (headers.get("x-request-id") ?? undefined),
    maybeCreated: earlierMaybeCreated || (typeof maybe_created === "boolean" ? maybe_created : status >= 500),
  };
  return status === 429
    ? new RateLimitError({
        ...details,
        limit: numberHeader(headers, "x-ratelimit-limit"),
        remaining: numberHeader(headers, "x-ratelimit-remaining"),
        resetAt: resetTime(headers, Date.now()),
      })
    : new IntercomApiError(details);
}

/**
 * A 2xx whose body is not the expected JSON: the call went through (for a
 * create, the lead exists) but its answer cannot be used.
 */
export function invalidResponseError(status: number, maybeCreated: boolean): IntercomApiError {
  return new IntercomApiError({
    status,
    errors: [{ code: "invalid_response", message: "Intercom's answer was not the expected JSON" }],
    maybeCreated,
  });
}
