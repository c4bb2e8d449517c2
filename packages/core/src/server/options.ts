import type { AnyIntercomClient } from "../client/create-intercom.ts";
import type { IntercomError } from "../errors/intercom-error.ts";
import type { LeadAttributionName } from "../types/attribution.ts";
import type { IntercomOptions } from "../types/options.ts";
import type { LeadEventListener } from "./events.ts";
import type { LeadIdempotencyOptions } from "./idempotency/options.ts";
import type { RateLimitStore } from "./rate-limit/store.ts";
import type { Verifier } from "./verification/verifier.ts";

/** What the handler sends back for a created lead. */
export type LeadResponseView = "lead" | "summary" | ((lead: Record<string, unknown>) => unknown);

/** What `beforeCreate` may return: nothing to go on, a replaced input, or an answer of its own (a refusal). */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing (`async () => {}`) is typed void, and must fit.
export type BeforeCreateResult = void | undefined | Record<string, unknown> | Response;

/** The `rateLimit` option of `createLeadHandler`: how many leads one client may post, per how long. */
export interface RateLimitOptions {
  /** Requests allowed per client key per window. */
  requests: number;
  /** The window's length, in seconds. */
  windowSeconds: number;
  /**
   * The client's key. Return `undefined` when it is unknown: all such clients share one bucket.
   * @default the client's address, as `clientAddress(request, info, { trustProxy })` finds it
   */
  key?: (request: Request, info: object | undefined) => string | undefined | Promise<string | undefined>;
  /**
   * Where the counts live. A store that throws refuses the request (503 `rate_limit_unavailable`).
   * @default memoryRateLimitStore(), which counts per isolate or process
   */
  store?: RateLimitStore;
  /**
   * Key on the last `X-Forwarded-For` entry (the one your own proxy appended) instead of the
   * socket's address. Only behind a proxy of yours that sets it: otherwise any client can choose
   * its key, and with it a fresh bucket per request.
   * @default false
   */
  trustProxy?: boolean;
}

/** Options of `createLeadHandler`. */
export interface LeadHandlerOptions extends Omit<IntercomOptions, "headers"> {
  /**
   * A ready client to create leads with, instead of `token` and the client options.
   * @default a client built from `token` and the client options
   */
  client?: AnyIntercomClient;
  /**
   * Origins (scheme, host and port, exactly as browsers send them) whose pages may post
   * leads, or `"*"` to accept any origin. Required: a proxy open to every site is a choice,
   * never a default. Requests without an `Origin` header are refused.
   */
  allowedOrigins: readonly string[] | "*";
  /**
   * Input fields a browser may set. Custom attributes are allowed one by one, as
   * `"custom_attributes.<name>"`. Anything else is refused with 400 and listed.
   * @default ["email", "name", "phone"]
   */
  fields?: readonly string[];
  /**
   * The largest request body accepted, in bytes; larger ones get 413 without being read whole.
   * @default 16_384
   */
  maxBodyBytes?: number;
  /**
   * Runs before the lead is created, with the checked input: spam checks, a captcha,
   * enrichment. Return a new input to replace it, or a `Response` to answer with instead
   * (a refusal). Throwing answers 500, or for one of this library's errors what it means
   * (a `LeadValidationError` is a 422 with its issues).
   * @default undefined
   */
  beforeCreate?: (input: Record<string, unknown>, request: Request) => BeforeCreateResult | Promise<BeforeCreateResult>;
  /**
   * What the browser gets back: a `"summary"` (`type`, `id`, `role`, `email`, `name`, `phone`,
   * `created_at`), the whole created `"lead"` (with what the workspace knows of it: owner, location,
   * tags…, which a public page should not see), or your own view.
   * @default "summary"
   */
  respondWith?: LeadResponseView;
  /**
   * A human check before anything goes upstream: `turnstile({ secretKey })`, or your own
   * `(request, input) => boolean | Response` (hCaptcha, reCAPTCHA). `false` (or a throw) answers
   * 403 `human_verification_failed`; a `Response` is answered as it is. Runs after the cheap checks
   * (origin, rate limit, fields), so a flood costs no verification calls.
   * @default undefined (no check)
   */
  verify?: Verifier;
  /**
   * The name of a hidden form field people leave empty. A request with it filled gets an answer that
   * looks exactly like a success (status, headers, a lead with a fresh id) while nothing is created,
   * so a bot learns nothing; `onEvent` sees it as `refused`, reason `honeypot`. The field is always
   * allowed and never sent to Intercom.
   * @default undefined (no honeypot)
   */
  honeypot?: string;
  /**
   * At most `requests` leads per client per `windowSeconds`, checked before the body is read;
   * beyond, 429 `too_many_requests` with `Retry-After`, nothing sent upstream.
   * @default undefined (no limit)
   */
  rateLimit?: RateLimitOptions;
  /**
   * The share (0–1) of the workspace's Intercom rate window this handler may use: it creates only
   * while Intercom's `X-RateLimit-Remaining` leaves `(1 - intercomShare)` of the window's limit for
   * the workspace's other integrations, and answers 503 `intercom_share_exhausted` with `Retry-After`
   * (the window's reset) otherwise. While the window is unknown (the first request, after a reset)
   * one create goes alone and the rest wait for its answer; answers without those headers (a proxy
   * in between) leave it unknown, so creates then go one at a time. Needs the handler to build its
   * own client (not `client`). Counted per handler instance (per isolate).
   * @default undefined (no share: the whole window)
   */
  intercomShare?: number;
  /**
   * Fill in the browser's `User-Agent` when the form did not: `true` sends it as
   * `last_seen_user_agent`, which only the 1.x API's create takes (2.x's create has no such field,
   * so `true` does nothing there); `"custom_attributes.<name>"` stores it (cut to 255 characters) in a
   * custom attribute of yours, with any version; `false` sends nothing.
   * @default true
   */
  userAgent?: boolean | `custom_attributes.${string}`;
  /**
   * Where the page's attribution goes (what a browser's client sends with
   * `createLead(input, { attribution: pageAttribution() })`): each name to a field, usually a custom
   * attribute, e.g. `{ utm_source: "custom_attributes.utm_source" }`. Every target must be in
   * `fields` too, and exist in the workspace (`intercom-leads attributes ensure`). Names not mapped
   * are dropped; values are cut to 255 characters; a value the form set is kept.
   * @default undefined (attribution dropped)
   */
  attribution?: Partial<Record<LeadAttributionName, string>>;
  /**
   * Told what happened to each request (`created`, `refused` with its reason, `upstream_error`,
   * `internal_error`), for metrics and logs. Events carry no personal data. What it throws is ignored.
   * @default undefined
   */
  onEvent?: LeadEventListener;
  /**
   * How requests with an `Idempotency-Key` header are answered once: the same key with the same
   * body within `retentionSeconds` gets the first answer again (`Idempotent-Replayed: true`) and
   * creates nothing; with another body, 422 `idempotency_key_reused`; while the first is running,
   * it waits for that answer up to `waitSeconds`, then 409 `idempotency_key_in_use`. A first attempt
   * that may have stored the lead is reconciled by email before anything is resent. `false` ignores
   * the header. Requests without one are not affected.
   * @default {} (keys honoured, kept in this isolate's memory: see `store`)
   */
  idempotency?: LeadIdempotencyOptions | false;
  /**
   * Called with every failure the browser only sees as a safe summary: upstream errors,
   * a throwing `beforeCreate`. Log it here; its details never reach the browser.
   * @default undefined
   */
  onError?: (error: IntercomError | unknown, request: Request) => void;
}
