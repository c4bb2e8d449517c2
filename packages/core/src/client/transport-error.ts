import { isNetworkError, isTimeoutError } from "ky";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { IntercomNetworkError } from "../errors/intercom-network-error.ts";
import { IntercomTimeoutError } from "../errors/intercom-timeout-error.ts";

// Failures that happen before a byte of the request leaves the machine.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function neverSent(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Turns what `fetch`/ky threw into an `IntercomError`. Ky's own errors hold
 * the `Request`, headers and token included, so they are never kept as `cause`.
 */
export function toTransportError(error: unknown, signal: AbortSignal | undefined, timeout: number | false): IntercomError {
  if (error instanceof IntercomError) return error;
  if (signal?.aborted) return new IntercomAbortError(signal.reason, true);
  if (isTimeoutError(error)) return new IntercomTimeoutError(timeout === false ? 0 : timeout);
  const cause = isNetworkError(error) ? error.cause : error;
  return new IntercomNetworkError(cause, !neverSent(cause));
}
