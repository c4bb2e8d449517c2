/** Why the handler refused a request (what `refused` events carry). */
export type LeadRefusalReason =
  /** The `Origin` is missing or not allowed (403). */
  | "origin"
  /** Not `POST …/contacts` (404, 405). */
  | "route"
  /** Not `application/json` (415). */
  | "type"
  /** The body is larger than `maxBodyBytes` (413). */
  | "size"
  /** The body is not a JSON object, or not UTF-8 (400). */
  | "body"
  /** A field outside the allowlist (400). */
  | "field"
  /** The input is invalid, by the core's checks, `beforeCreate`'s or Intercom's (422). */
  | "validation"
  /** `verify` said no or threw (403, or its own answer). */
  | "verification"
  /** The honeypot field was filled: answered as a success, nothing created. */
  | "honeypot"
  /** The client went over `rateLimit` (429). */
  | "rate_limit"
  /** The rate-limit store failed; refused to stay safe (503). */
  | "rate_limit_unavailable"
  /** Creating now would use more than `intercomShare` of Intercom's window (503). */
  | "intercom_share"
  /** `beforeCreate` answered with its own `Response`. */
  | "before_create"
  /** An idempotency key that cannot go on (in use, reused with another body). */
  | "idempotency";

/**
 * What the handler tells `onEvent`, one per request it answers (preflights aside). Events never carry
 * the lead's personal data (no email, name, address or IP): only ids, reasons, statuses and timings.
 */
export type LeadHandlerEvent =
  /** A lead was created (`status` is what the browser got: 200, or 500 if `respondWith` threw after). */
  | { readonly type: "created"; readonly leadId: string; readonly status: number; readonly ms: number }
  /** A resent `Idempotency-Key`: the first request's stored answer, given again; nothing was sent to Intercom. */
  | { readonly type: "replayed"; readonly status: number; readonly ms: number }
  /** The request was refused before anything was sent to Intercom. */
  | { readonly type: "refused"; readonly reason: LeadRefusalReason; readonly status: number; readonly ms: number }
  /**
   * Intercom (or the way to it) failed: `status` is what the browser got, `upstreamStatus` what Intercom
   * answered (absent when it did not: a timeout, a lost connection), `code` Intercom's error code or the
   * error's name, `maybeCreated` whether the lead may be stored all the same.
   */
  | {
      readonly type: "upstream_error";
      readonly status: number;
      readonly upstreamStatus?: number;
      readonly code: string;
      readonly maybeCreated: boolean;
      readonly ms: number;
    }
  /** The handler's own code, or a hook (`beforeCreate`, `respondWith`, `verify`…), threw (500). */
  | { readonly type: "internal_error"; readonly status: number; readonly ms: number };

/** The `onEvent` option: called once per answered request; what it throws or returns is ignored. */
export type LeadEventListener = (event: LeadHandlerEvent, request: Request) => void;
