import ky, { type KyInstance } from "ky";
import { leadFieldMap } from "../lead/lead-fields.ts";
import type { IntercomOptions } from "../types/options.ts";
import { DEFAULT_API_VERSION, isLegacyApiVersion } from "../version.ts";
import { relativeBaseUrlMessage, resolveBaseUrl } from "./base-url.ts";
import { clientHeaders } from "./headers.ts";
import { check, checkRequestOptions } from "./option-checks.ts";
import { defaultRetry, type ResolvedRetry, resolveRetry } from "./retry-policy.ts";

/**
 * What a client settles once, from its options: everything a request needs
 * that does not change between calls.
 */
export interface ClientSettings {
  readonly apiVersion: string;
  readonly baseUrl: string;
  /** Why this client cannot send outside a page (its base URL is relative), or `undefined`. */
  readonly pageOnly: string | undefined;
  readonly token: string | undefined;
  readonly legacy: boolean;
  /** The client's headers for a call without a body. */
  readonly headers: Record<string, string>;
  /** The same with `Content-Type: application/json`, for a call with a JSON body. */
  readonly jsonHeaders: Record<string, string>;
  readonly timeout: number | false;
  readonly retry: ResolvedRetry;
  readonly api: KyInstance;
}

/** Checks a client's options and settles what every request of it shares. */
export function resolveClientSettings(options: IntercomOptions): ClientSettings {
  const { token, apiVersion = DEFAULT_API_VERSION, fetch } = options;
  // The field table knows every version there is; it refuses anything else as an IntercomConfigError.
  leadFieldMap(apiVersion);
  // Visible ASCII only: anything else is refused by Headers, with the token quoted in the message.
  check(
    token === undefined || (typeof token === "string" && /^[\x21-\x7e]+$/.test(token)),
    "token must be a non-empty string of visible ASCII characters",
  );
  check(fetch === undefined || typeof fetch === "function", "fetch must be a function");
  checkRequestOptions(options);
  const baseUrl = resolveBaseUrl(options);
  const headers = clientHeaders(options.headers, apiVersion, token);
  return {
    apiVersion,
    baseUrl,
    pageOnly: relativeBaseUrlMessage(baseUrl),
    token,
    legacy: isLegacyApiVersion(apiVersion),
    headers,
    jsonHeaders: { ...headers, "content-type": "application/json" },
    timeout: options.timeout ?? 20_000,
    retry: resolveRetry(options.retry, defaultRetry(Boolean(token))),
    api: ky.create({
      prefixUrl: baseUrl,
      // Retries and HTTP errors are the client's: ky's would resend a POST blindly.
      retry: 0,
      throwHttpErrors: false,
      // A redirect would carry the lead's personal data to wherever it points.
      redirect: "manual",
      fetch: fetch as typeof globalThis.fetch | undefined,
    }),
  };
}
