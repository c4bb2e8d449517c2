import { isNetworkError, isTimeoutError } from "ky";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { IntercomNetworkError } from "../errors/intercom-network-error.ts";
import { IntercomTimeoutError } from "../errors/intercom-timeout-error.ts";

// Failures that happen before a byte of the request leaves the machine (Node's codes; other runtimes do not say).
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
 * A copy of a failure that keeps only its name, message and code, down its
 * cause chain. Errors from a `fetch` may hold the `Request`, headers and token
 * included; a message that quotes the token has it blanked.
 */
function safeCause(error: unknown, secret: string | undefined, depth = 0): Error | undefined {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  const { name, message, code, cause } = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const text = String(message ?? "");
  const copy = new Error(secret ? text.replaceAll(secret, "[redacted]") : text, { cause: safeCause(cause, secret, depth + 1) });
  copy.name = String(name ?? "Error");
  if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
  return copy;
}

/** Turns what `fetch`/ky threw into an `IntercomError`; ky's own errors hold the `Request`, so none is kept. */
export function toTransportError(error: unknown, signal: AbortSignal | undefined, timeout: number | false, secret: string | undefined): IntercomError {
  if (error instanceof IntercomError) return error;
  if (signal?.aborted) return new IntercomAbortError(signal.reason, true);
  if (isTimeoutError(error)) return new IntercomTimeoutError(timeout === false ? 0 : timeout);
  const cause = isNetworkError(error) ? error.cause : error;
  return new IntercomNetworkError(safeCause(cause, secret), !neverSent(cause));
}
