/**
 * Request headers a browser's client sends to `createLeadHandler` and nothing else reads:
 * Intercom has no idempotency keys, no human checks and no attribution of its own.
 */
export const PROXY_HEADERS = {
  /** One key per submission; every resend of that submission carries the same one. */
  idempotencyKey: "idempotency-key",
  /** The token a human-verification widget (Cloudflare Turnstile, hCaptcha, reCAPTCHA) gave the page. */
  verificationToken: "x-verification-token",
  /** The page's attribution (`LeadAttribution`), as URL-encoded `name=value` pairs. */
  attribution: "x-lead-attribution",
} as const;
