import ky, { type KyInstance } from "ky";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomApiError } from "../errors/intercom-api-error.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import { errorFromResponse } from "../errors/error-from-response.ts";
import type { IntercomOptions, RequestOptions } from "./options.ts";
import { DEFAULT_RETRY, type ResolvedRetry, resolveRetry, retryDelay } from "./retry-policy.ts";
import { toTransportError } from "./transport-error.ts";

/** Sends one API call with the client's headers, timeout and retry policy, and returns the parsed answer. */
export type Requester = (method: "GET" | "POST", path: string, body: string | undefined, options?: RequestOptions) => Promise<unknown>;

const DEFAULT_TIMEOUT = 20_000;
// Headers the client owns: a caller's `headers` option cannot replace them.
const OWN_HEADERS = ["authorization", "accept", "content-type", "intercom-version"];

function sleep(ms: number, signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new IntercomAbortError(signal?.reason, maybeCreated));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function withOwnHeaders(own: Headers, extra: HeadersInit | undefined): Headers {
  const headers = new Headers(extra);
  for (const name of OWN_HEADERS) headers.delete(name);
  own.forEach((value, name) => headers.set(name, value));
  return headers;
}

/**
 * Builds the per-client request function. Everything that does not change
 * between calls (headers, ky instance, retry policy) is built here, once.
 */
export function createRequester(baseUrl: string, options: IntercomOptions, apiVersion: string): Requester {
  const own = new Headers({ accept: "application/json", "intercom-version": apiVersion });
  if (options.token) own.set("authorization", `Bearer ${options.token}`);
  const clientHeaders = withOwnHeaders(own, options.headers);
  const clientTimeout = options.timeout ?? DEFAULT_TIMEOUT;
  const clientRetry: ResolvedRetry = resolveRetry(options.retry, DEFAULT_RETRY);
  const api: KyInstance = ky.create({
    prefix: baseUrl,
    // Retries and HTTP errors are handled below: ky's would resend a POST blindly.
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch as typeof fetch } : {}),
  });

  return async (method, path, body, call = {}) => {
    const { signal } = call;
    const timeout = call.timeout ?? clientTimeout;
    const retry = resolveRetry(call.retry, clientRetry);
    const headers = call.headers ? withOwnHeaders(clientHeaders, call.headers) : new Headers(clientHeaders);
    if (body !== undefined) headers.set("content-type", "application/json");

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new IntercomAbortError(signal.reason, false);
      let error: IntercomError;
      try {
        const response = await api(path, { method, body, headers, signal, timeout });
        if (response.ok) {
          try {
            return await response.json();
          } catch {
            // The call succeeded (for a create: the lead exists) but the answer is unreadable.
            error = new IntercomApiError({ status: response.status, errors: [{ code: "invalid_response", message: "Intercom's answer was not JSON" }], maybeCreated: method === "POST" });
          }
        } else {
          error = await errorFromResponse(response);
        }
      } catch (thrown) {
        error = toTransportError(thrown, signal, timeout);
      }
      const wait = retryDelay(error, attempt, retry, Date.now());
      if (wait === undefined) throw error;
      await sleep(wait, signal, error.maybeCreated);
    }
  };
}
