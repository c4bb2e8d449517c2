import ky, { type KyInstance } from "ky";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import { errorFromResponse, invalidResponseError } from "../errors/error-from-response.ts";
import { checkRequestOptions, toHeaders } from "./check-options.ts";
import type { IntercomOptions, RequestOptions } from "./options.ts";
import { RateGovernor } from "./rate-governor.ts";
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
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The caller's extra headers, without any of the client's own. */
function extraHeaders(init: HeadersInit | undefined): Headers {
  const headers = toHeaders(init);
  for (const name of OWN_HEADERS) headers.delete(name);
  return headers;
}

/**
 * Builds the per-client request function. Everything that does not change
 * between calls (headers, ky instance, retry policy, rate governor) is built here, once.
 */
export function createRequester(baseUrl: string, options: IntercomOptions, apiVersion: string): Requester {
  const own = new Headers({ accept: "application/json", "intercom-version": apiVersion });
  if (options.token) own.set("authorization", `Bearer ${options.token}`);
  const clientExtra = extraHeaders(options.headers);
  const clientTimeout = options.timeout ?? DEFAULT_TIMEOUT;
  const clientRetry: ResolvedRetry = resolveRetry(options.retry, DEFAULT_RETRY);
  const relative = baseUrl.startsWith("/");
  // One per client: single creates, bulk imports and lookups all share the app's rate-limit window.
  const governor = new RateGovernor();
  const api: KyInstance = ky.create({
    prefix: baseUrl,
    // Retries and HTTP errors are handled below: ky's would resend a POST blindly.
    retry: 0,
    throwHttpErrors: false,
    // A redirect would carry the lead's personal data to wherever it points.
    redirect: "manual",
    ...(options.fetch ? { fetch: options.fetch as typeof fetch } : {}),
  });

  function headersFor(call: RequestOptions, body: string | undefined): Headers {
    const headers = new Headers(clientExtra);
    if (call.headers) extraHeaders(call.headers).forEach((value, name) => headers.set(name, value));
    own.forEach((value, name) => headers.set(name, value));
    if (body !== undefined) headers.set("content-type", "application/json");
    return headers;
  }

  return async (method, path, body, call = {}) => {
    checkRequestOptions(call);
    if (relative && typeof globalThis.location === "undefined") {
      throw new IntercomConfigError(`baseUrl ${JSON.stringify(baseUrl)} is relative, which only works in a browser page; use an absolute URL here`);
    }
    const { signal } = call;
    const timeout = call.timeout ?? clientTimeout;
    const retry = resolveRetry(call.retry, clientRetry);
    const headers = headersFor(call, body);
    // Once one attempt may have stored the lead, every later outcome says so.
    let maybeCreated = false;

    const creates = method === "POST" && path === "contacts";
    for (let attempt = 0; ; attempt++) {
      await governor.acquire(signal, maybeCreated);
      let error: IntercomError;
      let response: Response | undefined;
      try {
        response = await api(path, { method, body, headers, signal, timeout });
        if (response.ok) {
          try {
            return await response.json();
          } catch {
            error = invalidResponseError(response.status, creates);
          }
        } else {
          error = await errorFromResponse(response);
        }
      } catch (thrown) {
        error = toTransportError(thrown, signal, timeout, options.token);
      } finally {
        governor.release(response);
      }
      const wait = retryDelay(error, attempt, retry, Date.now());
      maybeCreated ||= error.maybeCreated;
      if (wait === undefined) {
        // The error is this call's own, so it can still be told what earlier attempts may have done.
        if (maybeCreated && !error.maybeCreated) Object.assign(error, { maybeCreated });
        throw error;
      }
      await sleep(wait, signal, maybeCreated);
    }
  };
}
