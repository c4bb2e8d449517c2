/**
 * A new idempotency key for a submission: `crypto.randomUUID()`. Browsers give it to secure pages
 * only (`https:`, `localhost`), so a page served over plain `http:` (a phone trying the site on the
 * LAN) gets 128 random bits from `crypto.getRandomValues`, which every page has, as four numbers
 * joined by `-`: printable ASCII, as the proxy asks of a key.
 */
export const newIdempotencyKey = (): string =>
  crypto.randomUUID?.() ?? crypto.getRandomValues(new Uint32Array(4)).join("-");
