import type { IntercomErrorEntry } from "../wire/error-list.ts";
import { IntercomApiError } from "./intercom-api-error.ts";
import { LeadValidationError, type LeadValidationIssue } from "./lead-validation-error.ts";
import { RateLimitError } from "./rate-limit-error.ts";

function toNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * `Retry-After` first (relative, so immune to clock skew), else
 * `X-RateLimit-Reset` (Unix seconds).
 */
function resetTime(headers: Headers, now: number): Date | undefined {
  const retryAfter = headers.get("retry-after");
  const seconds = toNumber(retryAfter);
  if (seconds !== undefined) return new Date(now + seconds * 1000);
  const date = retryAfter === null ? Number.NaN : Date.parse(retryAfter);
  if (!Number.isNaN(date)) return new Date(date);
  const reset = toNumber(headers.get("x-ratelimit-reset"));
  return reset === undefined ? undefined : new Date(reset * 1000);
}

interface ParsedErrorList {
  errors: IntercomErrorEntry[];
  requestId: string | undefined;
  /** Set by this library's proxy handler, which knows what Intercom did. */
  maybeCreated: boolean | undefined;
  /** The proxy handler's validation issues, to rebuild a `LeadValidationError`. */
  issues: LeadValidationIssue[] | undefined;
}

function parseErrorList(text: string): ParsedErrorList {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) {
      const { errors, request_id, maybe_created, issues } = body as Record<string, unknown>;
      return {
        errors: Array.isArray(errors) ? errors.filter((entry): entry is IntercomErrorEntry => typeof entry?.code === "string") : [],
        requestId: typeof request_id === "string" ? request_id : undefined,
        maybeCreated: typeof maybe_created === "boolean" ? maybe_created : undefined,
        issues: Array.isArray(issues)
          ? issues.filter((issue): issue is LeadValidationIssue => Array.isArray(issue?.path) && typeof issue?.message === "string")
          : undefined,
      };
    }
  } catch {
    // Not JSON (an HTML error page from a proxy, or an empty body): keep the status alone.
  }
  return { errors: [], requestId: undefined, maybeCreated: undefined, issues: undefined };
}

/**
 * Turns a non-2xx answer into the matching typed error: a `RateLimitError`
 * for 429, a `LeadValidationError` for the proxy handler's 422 with issues,
 * an `IntercomApiError` otherwise.
 */
export async function errorFromResponse(response: Response): Promise<IntercomApiError | LeadValidationError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // A body cut off mid-read still leaves the status to go on.
  }
  const { errors, requestId, maybeCreated, issues } = parseErrorList(text);
  if (response.status === 422 && issues?.length) return new LeadValidationError(issues);
  const details = {
    status: response.status,
    errors,
    requestId: requestId ?? response.headers.get("x-request-id") ?? undefined,
    ...(maybeCreated === undefined ? {} : { maybeCreated }),
  };
  if (response.status !== 429) return new IntercomApiError(details);
  const { headers } = response;
  return new RateLimitError({
    ...details,
    limit: toNumber(headers.get("x-ratelimit-limit")),
    remaining: toNumber(headers.get("x-ratelimit-remaining")),
    resetAt: resetTime(headers, Date.now()),
  });
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
