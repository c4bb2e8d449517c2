import ky, { type KyInstance } from "ky";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { DEFAULT_API_VERSION } from "../version.ts";
import type { IntercomOptions, RequestOptions, RetryOptions } from "./options.ts";

/** A retry policy with every field filled in. */
export type ResolvedRetry = Required<RetryOptions>;

/**
 * What a client settles once, from its options: everything a request needs
 * that does not change between calls.
 */
export interface ClientConfig {
  readonly apiVersion: string;
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly legacy: boolean;
  /**
   * The client's headers for a call without a body, its own ones set last. A plain
   * record: ky copies a record into its `Headers` faster than another `Headers`.
   */
  readonly headers: Record<string, string>;
  /** The same with `Content-Type: application/json`, for a call with a JSON body. */
  readonly jsonHeaders: Record<string, string>;
  readonly timeout: number | false;
  readonly retry: ResolvedRetry;
  readonly api: KyInstance;
}

// Node's and browsers' timers overflow past 2^31 - 1 ms and fire at once.
const MAX_TIMEOUT = 2_147_483_647;
const HOSTS = { us: "api", eu: "api.eu", au: "api.au" };
// Headers the client owns: a caller's `headers` option cannot replace them.
const OWN_HEADERS = ["authorization", "accept", "content-type", "intercom-version"];

const NO_RETRY: RetryOptions = {};

/** The defaults documented on `RetryOptions`. */
const DEFAULT_RETRY: ResolvedRetry = { limit: 2, maxDelay: 10_000, retryMaybeCreated: false };

/** Throws an `IntercomConfigError` unless `ok`. */
export function check(ok: unknown, message: string): void {
  if (!ok) throw new IntercomConfigError(message);
}

/** The caller's extra headers, without any of the client's own, as a config error rather than a `TypeError`. */
export function extraHeaders(init: HeadersInit | undefined): Headers {
  let headers: Headers;
  try {
    headers = new Headers(init);
  } catch {
    // Headers' own message quotes the offending value, which may be a secret.
    throw new IntercomConfigError("headers must be valid for Headers");
  }
  for (const name of OWN_HEADERS) headers.delete(name);
  return headers;
}

/** Refuses per-call options that cannot work, before anything is sent. */
export function checkRequestOptions({ timeout, signal, retry }: RequestOptions): void {
  const { limit, maxDelay } = typeof retry === "number" ? { limit: retry, maxDelay: 0 } : ((retry || NO_RETRY) as RetryOptions);
  check(timeout === undefined || timeout === false || (inRange(timeout, 0, MAX_TIMEOUT) && timeout > 0), `timeout must be false or more than 0 and up to ${MAX_TIMEOUT} ms`);
  check(signal === undefined || (typeof signal === "object" && signal !== null && "aborted" in signal), "signal must be an AbortSignal");
  check(retry === undefined || retry === false || typeof retry === "number" || (typeof retry === "object" && retry !== null), "retry must be false, a number or an object");
  check(limit === undefined || (Number.isInteger(limit) && inRange(limit, 0, 10)), "retry.limit must be 0 to 10");
  check(maxDelay === undefined || inRange(maxDelay, 0, MAX_TIMEOUT), `retry.maxDelay must be 0 to ${MAX_TIMEOUT} ms`);
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && value >= min && value <= max;
}

/** Fills a `retry` option in over a base policy; `false` and numbers are shorthands. */
export function resolveRetry(retry: RequestOptions["retry"], base: ResolvedRetry): ResolvedRetry {
  return retry === undefined ? base : { ...base, ...(retry === false ? { limit: 0 } : typeof retry === "number" ? { limit: retry } : retry) };
}

/**
 * Picks the API base URL and refuses the unsafe ones: a token goes to
 * Intercom's own hosts unless the caller named another base URL, and never
 * travels over plain HTTP beyond loopback, nor to a relative (page-served) URL.
 */
function resolveBaseUrl({ region: given, baseUrl, token }: IntercomOptions): string {
  if (baseUrl === undefined) {
    const region = given ?? "us";
    check(Object.hasOwn(HOSTS, region), 'region must be "us", "eu" or "au"');
    // Without a token only a proxy can add one: Intercom itself would answer 401 to every call.
    check(token, "A token is needed to call Intercom directly; without one, set baseUrl to your proxy");
    return `https://${HOSTS[region]}.intercom.io`;
  }
  const text = String(baseUrl).replace(/\/+$/, "");
  if (text.startsWith("/")) {
    check(!token, "A token needs an absolute https:// baseUrl; a relative one is for a proxy without a token");
    return text;
  }
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // Refused just below.
  }
  check(/^https?:$/.test(url?.protocol as string) && !url?.username && !url?.password, "baseUrl must be an https:// or http:// URL without credentials");
  check(!token || url?.protocol === "https:" || /^(localhost|.+\.localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(url?.hostname as string), "A token is only sent over https://, or http:// to loopback");
  return text;
}

/** Checks a client's options and settles what every request of it shares. */
export function resolveConfig(options: IntercomOptions): ClientConfig {
  const { token, apiVersion = DEFAULT_API_VERSION, fetch } = options;
  check(typeof apiVersion === "string" && /^[12]\.\d+$/.test(apiVersion), 'apiVersion must be an Intercom API version such as "2.14" or "1.4"');
  // Visible ASCII only: anything else is refused by Headers, with the token quoted in the message.
  check(token === undefined || (typeof token === "string" && /^[\x21-\x7e]+$/.test(token)), "token must be a non-empty string of visible ASCII characters");
  check(fetch === undefined || typeof fetch === "function", "fetch must be a function");
  checkRequestOptions(options);
  const baseUrl = resolveBaseUrl(options);
  const headers = extraHeaders(options.headers);
  headers.set("accept", "application/json");
  headers.set("intercom-version", apiVersion);
  if (token) headers.set("authorization", `Bearer ${token}`);
  const own = Object.fromEntries(headers);
  return {
    apiVersion,
    baseUrl,
    token,
    legacy: apiVersion.startsWith("1."),
    headers: own,
    jsonHeaders: { ...own, "content-type": "application/json" },
    timeout: options.timeout ?? 20_000,
    retry: resolveRetry(options.retry, DEFAULT_RETRY),
    api: ky.create({
      prefix: baseUrl,
      // Retries and HTTP errors are the client's: ky's would resend a POST blindly.
      retry: 0,
      throwHttpErrors: false,
      // A redirect would carry the lead's personal data to wherever it points.
      redirect: "manual",
      fetch: fetch as typeof globalThis.fetch | undefined,
    }),
  };
}
