/** The header on an answer given again for a resent `Idempotency-Key` (Stripe's name). */
export const REPLAYED_HEADER = "idempotent-replayed";

/**
 * What a page may read of any answer beyond the CORS-safelisted headers: `Retry-After` on a 429, 409
 * or 503 (when to resend), and whether the answer is a replay.
 */
export const EXPOSED_HEADERS: string = `retry-after, ${REPLAYED_HEADER}`;
