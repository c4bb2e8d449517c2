import { errorFromResponse, invalidResponseError } from "../errors/error-from-response.ts";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import { check, checkRequestOptions, type ClientConfig, extraHeaders, resolveRetry } from "./config.ts";
import type { RequestOptions } from "./options.ts";
import { retryDelay } from "./retry-policy.ts";
import { toTransportError } from "./transport-error.ts";

/** Sends one API call with the client's headers, timeout and retry policy, and returns the parsed answer. */
export type Requester = (method: "GET" | "POST", path: string, body: string | undefined, options?: RequestOptions) => Promise<unknown>;

/** Paces a client's calls to the rate limit: the rate governor, when the client has one. */
export interface Pacer {
  /** Resolves when a call may leave; `undefined` when it may leave now. */
  acquire(signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> | undefined;
  /** Counts a call as answered (`undefined`: no answer came). */
  release(response: Response | undefined): void;
}

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

/**
 * Builds a client's request function over its settled config, paced by
 * `loadPacer` once it has loaded (the client's rate governor, loaded on demand). The success
 * path is one ky call and one `json()`: headers are built once per client
 * (per call only when the call adds its own), and retries only start after a failure.
 */
export function createRequester(config: ClientConfig, loadPacer?: Promise<Pacer | undefined>): Requester {
  const { api, baseUrl, token } = config;
  // Built once: a message computed for every call's check would cost every call.
  const relative = baseUrl.startsWith("/") && `baseUrl ${JSON.stringify(baseUrl)} is relative, which only works in a browser page; use an absolute URL here`;
  let pacer: Pacer | undefined;
  let loading = loadPacer;
  return async (method, path, body, call = {}) => {
    if (loading) {
      pacer = await loading;
      loading = undefined;
    }
    checkRequestOptions(call);
    if (relative) check(typeof globalThis.location !== "undefined", relative);
    const { signal } = call;
    const timeout = call.timeout ?? config.timeout;
    const own = body === undefined ? config.headers : config.jsonHeaders;
    // The call's extras override the client's, but come without the client's own headers, which stay as set.
    const headers = call.headers ? { ...own, ...Object.fromEntries(extraHeaders(call.headers)) } : own;
    const creates = method === "POST" && path === "contacts";
    // Once one attempt may have stored the lead, every later outcome says so.
    let maybeCreated = false;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new IntercomAbortError(signal.reason, maybeCreated);
      const wait = pacer?.acquire(signal, maybeCreated);
      if (wait) await wait;
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
        error = toTransportError(thrown, signal, timeout, token);
      } finally {
        pacer?.release(response);
      }
      maybeCreated ||= error.maybeCreated;
      const delay = retryDelay(error, attempt, resolveRetry(call.retry, config.retry), Date.now());
      if (delay === undefined) {
        // The error is this call's own, so it can still be told what earlier attempts may have done.
        if (maybeCreated) Object.assign(error, { maybeCreated });
        throw error;
      }
      await sleep(delay, signal, maybeCreated);
    }
  };
}
