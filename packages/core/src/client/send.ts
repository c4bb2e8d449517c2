import { errorFromAnswer, invalidResponseError, readErrorAnswer } from "../errors/error-from-response.ts";
import { IntercomAbortError } from "../errors/intercom-abort-error.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import { sleep } from "../time/sleep.ts";
import type { Pacer, Requester } from "../types/requester.ts";
import type { ClientSettings } from "./client-settings.ts";
import { callHeaders } from "./headers.ts";
import { check, checkRequestOptions } from "./option-checks.ts";
import { resolveRetry, retryDelay } from "./retry-policy.ts";
import { toTransportError } from "./transport-error.ts";

/**
 * Builds a client's request function over its settled settings, paced by the pacer that
 * `loadPacer` resolves to (the rate governor of a client with a token, loaded on its first
 * call). The success path is one ky call and one `json()`: headers are built once per client
 * (per call only when the call adds its own), and retries only start after a failure.
 */
export function createRequester(settings: ClientSettings, loadPacer?: () => Promise<Pacer>): Requester {
  const { api, token, pageOnly } = settings;
  let pacer: Pacer | undefined;
  return async (method, path, body, call = {}, context = {}) => {
    // Once one attempt may have stored the lead, every later outcome says so.
    let maybeCreated = context.maybeCreated ?? false;
    checkRequestOptions(call);
    if (pageOnly) check(typeof globalThis.location !== "undefined", pageOnly);
    if (!pacer && loadPacer) pacer = await loadPacer();
    const { signal } = call;
    const timeout = call.timeout ?? settings.timeout;
    const headers = callHeaders(body === undefined ? settings.headers : settings.jsonHeaders, call.headers);
    const retry = call.retry === undefined ? settings.retry : resolveRetry(call.retry, settings.retry);
    const creates = method === "POST" && path === "contacts";
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new IntercomAbortError(signal.reason, maybeCreated);
      const wait = pacer?.acquire(signal, maybeCreated);
      if (wait) await wait;
      // How this attempt failed, as an error that may also be told what earlier attempts may have done.
      let failed: (earlierMaybeCreated: boolean) => IntercomError;
      let response: Response | undefined;
      try {
        response = await api(path, { method, body, headers, signal, timeout });
        if (response.ok) {
          try {
            return await response.json();
          } catch {
            const { status } = response;
            // The caller's abort can land while the body is read: the request was sent, so say both.
            failed = (earlier) =>
              signal?.aborted
                ? new IntercomAbortError(signal.reason, true)
                : invalidResponseError(status, creates || earlier);
          }
        } else {
          const answer = await readErrorAnswer(response);
          failed = (earlier) => errorFromAnswer(answer, earlier);
        }
      } catch (thrown) {
        failed = (earlier) => toTransportError(thrown, { signal, timeout, secret: token, maybeCreated: earlier });
      } finally {
        pacer?.release(response);
      }
      // Whether to try again depends on this attempt alone: a 409 after a 500 is no reason to resend.
      const error = failed(false);
      const delay = retryDelay(error, attempt, retry, Date.now());
      if (delay === undefined) throw maybeCreated && !error.maybeCreated ? failed(true) : error;
      maybeCreated ||= error.maybeCreated;
      await sleep(delay, signal);
    }
  };
}
