import type { ApiVersion } from "../version.ts";
import type { LeadAttribution } from "./attribution.ts";
import type { FetchHandler } from "./fetch-handler.ts";
import type { Governor } from "./governor.ts";

/** Intercom's data-hosting regions. */
export type IntercomRegion = "us" | "eu" | "au";

/**
 * When to retry a failed create. Only answers that prove nothing was stored
 * (429) are retried by default: Intercom has no idempotency keys.
 */
export interface RetryOptions {
  /**
   * How many times to retry one call after a 429. A client without a token talks to your
   * proxy, whose own client already waits out Intercom's 429 once; so by default it hands
   * the proxy's 429 (a `RateLimitError` with `resetAt` from `Retry-After`) to you rather than
   * multiplying the proxy's attempts.
   * @default 2 with a token, 0 without
   */
  limit?: number;
  /**
   * The longest wait, in milliseconds, for a rate-limit window to reset. A
   * longer wait throws the `RateLimitError` at once instead.
   * @default 10_000
   */
  maxDelay?: number;
  /**
   * Also resend after a timeout, a lost connection or a 5xx, although the lead
   * may already have been stored. Only for callers who deduplicate themselves.
   * @default false
   */
  retryMaybeCreated?: boolean;
}

/** Options for one request; each overrides the client's value. */
export interface RequestOptions {
  /**
   * Cancels the call. An abort after the request was sent rejects with
   * `maybeCreated: true`.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Milliseconds to wait for Intercom's answer; `false` waits forever.
   * @default 20_000
   */
  timeout?: number | false;
  /**
   * Retry policy, a retry limit, or `false` for no retries at all.
   * @default { limit: 2, maxDelay: 10_000, retryMaybeCreated: false } with a token; `limit: 0` without
   */
  retry?: RetryOptions | number | false;
  /**
   * Extra request headers. `Authorization`, `Accept`, `Content-Type` and
   * `Intercom-Version` are always the client's own.
   * @default undefined
   */
  headers?: HeadersInit;
}

/** Options of `createIntercom`: where to send, how, and the defaults for every request. */
export interface IntercomOptions extends Omit<RequestOptions, "signal"> {
  /**
   * Intercom access token, a workspace secret: keep it on a server. Leave it
   * out when `baseUrl` points at your own proxy, which adds it.
   * @default undefined
   */
  token?: string;
  /**
   * Where the workspace is hosted: `api.intercom.io`, `api.eu.intercom.io` or
   * `api.au.intercom.io`.
   * @default "us"
   */
  region?: IntercomRegion;
  /**
   * Base URL of the API, e.g. your proxy (`"/api/intercom"`) or a fake
   * Intercom. Overrides `region`. A token is only ever sent over HTTPS, or over
   * HTTP to loopback.
   * @default the region's host
   */
  baseUrl?: string | URL;
  /**
   * The `Intercom-Version` sent with every request; it fixes the shape of the
   * answers. `1.x` selects the legacy Leads API.
   * @default "2.14"
   */
  apiVersion?: ApiVersion;
  /**
   * The `fetch` to send requests with: a test double, an instrumented fetch,
   * a service binding's `fetch`.
   * @default globalThis.fetch
   */
  fetch?: FetchHandler;
  /**
   * What paces this client's calls to Intercom's rate limit. Share one between clients, or between
   * isolates with `durableGovernor` from `@intercom-leads/cloudflare`, so they split one window
   * instead of racing for it. Given, it paces a client without a token too (which otherwise has none:
   * the proxy paces its own).
   * @default a governor of the client's own, learnt from Intercom's X-RateLimit-* headers
   */
  governor?: Governor;
}

/**
 * Options of one `client.createLead(input, options)` call. The one-shot `createLead(input, options)`
 * takes these and the client's options together.
 */
export interface CreateLeadOptions extends RequestOptions {
  /**
   * When a create fails in a way that may have stored the lead (a timeout, a
   * lost connection, a 5xx) and the input has an email, look the lead up
   * before creating it again: return the stored one if it is there. `false`
   * throws the error with `maybeCreated: true` instead, as without Intercom
   * idempotency keys nothing else is safe.
   * @default false (true in `createLeads`)
   */
  reconcile?: boolean | ReconcileOptions;
  /**
   * For a client that talks to `createLeadHandler` (no token): one key per submission, sent as
   * `Idempotency-Key`. The proxy answers every request with the same key and body with the first
   * one's answer, creating the lead once; reuse the key for every resend of the same submission.
   * Intercom itself has no idempotency keys, so a client with a token refuses this.
   * @default undefined
   */
  idempotencyKey?: string;
  /**
   * For a client that talks to `createLeadHandler`: the token a human-verification widget
   * (Cloudflare Turnstile, hCaptcha, reCAPTCHA) gave the page, sent as `X-Verification-Token` for
   * the handler's `verify` check. Tokens are single-use: get a new one for every submission.
   * @default undefined
   */
  verificationToken?: string;
  /**
   * For a client that talks to `createLeadHandler`: where the visitor came from (`pageAttribution()`),
   * sent as `X-Lead-Attribution`. The handler keeps only what its `attribution` option maps.
   * @default undefined
   */
  attribution?: LeadAttribution;
}

/** How long, and how often, to look for a lead whose create may have gone through. */
export interface ReconcileOptions {
  /**
   * How long to keep looking, in milliseconds. Intercom's search lags behind
   * creates (usually seconds, sometimes more); once this has passed with every
   * lookup answered and the lead absent, it is taken as not created.
   * @default 30_000
   */
  waitMs?: number;
  /**
   * The first pause between lookups, in milliseconds; it doubles each time.
   * @default 250
   */
  intervalMs?: number;
  /**
   * Look the lead up before creating it, because an earlier attempt (another request, another
   * process) may have stored it: a number is when that attempt started (Unix ms; a lead with the
   * email created since then is taken), `true` takes one created at any time. Without an email
   * nothing can be looked up, and the create is refused with `maybeCreated: true`. The lead proxy
   * uses it for a resent idempotency key whose first attempt ended ambiguously.
   * @default false
   */
  lookupFirst?: boolean | number;
}
