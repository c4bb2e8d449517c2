import { isTimeoutError } from "ky";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { IntercomNetworkError } from "../errors/intercom-network-error.ts";
import { IntercomTimeoutError } from "../errors/intercom-timeout-error.ts";
import { isIntercomError } from "../errors/type-guards.ts";

// Failures that happen before a byte of the request leaves the machine (Node's codes; other runtimes do not say).
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

interface Failure {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

function neverSent(error: unknown, depth = 0): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    depth < 5 &&
    (NOT_SENT.test(String((error as Failure).code)) || neverSent((error as Failure).cause, depth + 1))
  );
}

/**
 * A copy of a failure that keeps only its name, message and code, down its
 * cause chain. Errors from a `fetch` may hold the `Request`, headers and token
 * included; a message that quotes the token has it blanked.
 */
function safeCause(error: unknown, secret: string | undefined, depth = 0): Error | undefined {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  const { name, message, code, cause } = error as Failure;
  const text = String(message ?? "");
  const copy = new Error(secret ? text.replaceAll(secret, "[redacted]") : text, {
    cause: safeCause(cause, secret, depth + 1),
  });
  copy.name = String(name ?? "Error");
  if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
  return copy;
}

/** What the send loop knows when a call fails without an answer. */
export interface TransportContext {
  readonly signal: AbortSignal | undefined;
  readonly timeout: number | false;
  /** The token, blanked out of any message kept. */
  readonly secret: string | undefined;
  /** An earlier attempt may have stored the lead. */
  readonly maybeCreated: boolean;
}

/**
 * Turns what `fetch`/ky threw into an `IntercomError`. ky throws its `TimeoutError` (which holds
 * the `Request`, so it is not kept) and passes `fetch`'s own failures through: a `TypeError`
 * whose `cause` says what happened to the connection.
 */
export function toTransportError(
  error: unknown,
  { signal, timeout, secret, maybeCreated }: TransportContext,
): IntercomError {
  // A custom `fetch` may be another client's, already speaking in this library's errors; it cannot
  // know that an earlier attempt of this call may have stored the lead, so that is said around it.
  if (isIntercomError(error))
    return maybeCreated && !error.maybeCreated
      ? new IntercomError(error.message, { cause: error, maybeCreated })
      : error;
  if (signal?.aborted) return new IntercomAbortError(signal.reason, true);
  if (isTimeoutError(error)) return new IntercomTimeoutError(timeout || 0);
  return new IntercomNetworkError(safeCause(error, secret), maybeCreated || !neverSent(error));
}
