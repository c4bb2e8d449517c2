import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { IntercomOptions, RequestOptions, RetryOptions } from "./options.ts";

// Node's and browsers' timers overflow past 2^31 - 1 ms and fire at once.
const MAX_TIMEOUT = 2_147_483_647;
// Visible ASCII: anything else is refused by Headers, with the token quoted in the message.
const TOKEN = /^[\x21-\x7e]+$/;
const VERSION = /^[12]\.\d+$/;
const MAX_RETRIES = 10;

function fail(message: string): never {
  throw new IntercomConfigError(message);
}

function checkRetry(retry: RetryOptions | number | false | undefined): void {
  if (retry === undefined || retry === false) return;
  const { limit, maxDelay } = typeof retry === "number" ? { limit: retry, maxDelay: undefined } : typeof retry === "object" && retry ? retry : fail("retry must be an object, a number or false");
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0 && limit <= MAX_RETRIES)) {
    fail(`retry.limit must be a whole number from 0 to ${MAX_RETRIES}`);
  }
  if (maxDelay !== undefined && !(Number.isFinite(maxDelay) && maxDelay >= 0 && maxDelay <= MAX_TIMEOUT)) {
    fail("retry.maxDelay must be a number of milliseconds");
  }
}

/** Builds `Headers` from a caller's option, as a config error rather than a `TypeError` when it cannot be. */
export function toHeaders(init: HeadersInit | undefined): Headers {
  try {
    return new Headers(init);
  } catch {
    // Headers' own message quotes the offending value, which may be a secret.
    return fail("headers must be a Headers object, a record or a list of name/value pairs with valid names and values");
  }
}

/** Refuses per-call options that cannot work, before anything is sent. */
export function checkRequestOptions(options: RequestOptions): void {
  const { timeout, signal } = options;
  if (timeout !== undefined && timeout !== false && !(Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT)) {
    fail(`timeout must be false or a number of milliseconds up to ${MAX_TIMEOUT}`);
  }
  if (signal !== undefined && !(typeof signal === "object" && signal !== null && "aborted" in signal)) fail("signal must be an AbortSignal");
  checkRetry(options.retry);
}

/** Refuses client options that cannot work or are unsafe. */
export function checkClientOptions(options: IntercomOptions): void {
  const { token, apiVersion, fetch } = options;
  if (apiVersion !== undefined && !(typeof apiVersion === "string" && VERSION.test(apiVersion))) {
    fail(`apiVersion ${JSON.stringify(apiVersion)} is not an Intercom API version such as "2.14" or "1.4"`);
  }
  if (token !== undefined && !(typeof token === "string" && TOKEN.test(token))) {
    fail("token must be a non-empty string of visible ASCII characters");
  }
  if (fetch !== undefined && typeof fetch !== "function") fail("fetch must be a function");
  checkRequestOptions(options);
}
