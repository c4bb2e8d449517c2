/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive as in RFC 9110. */
export function bearerToken(authorization: string | null): string | undefined {
  const match = /^bearer +(\S+) *$/i.exec(authorization ?? "");
  return match?.[1];
}

/** The media type of a header value such as `application/json; charset=utf-8`, lower-cased. */
function mediaType(value: string): string {
  return (value.split(";", 1)[0] ?? "").trim().toLowerCase();
}

/**
 * Whether an `Accept` header lists `application/json`. Wildcards are not enough: Intercom answers
 * 406 unless JSON is named, and a client that forgets the header should find out here, not in production.
 */
export function acceptsJson(accept: string | null): boolean {
  if (accept === null) return false;
  return accept.split(",").some((range) => {
    if (mediaType(range) !== "application/json") return false;
    // An explicit q=0 means "not acceptable" (RFC 9110 §12.4.2).
    const q = /;\s*q\s*=\s*([0-9.]+)/i.exec(range)?.[1];
    return q === undefined || Number(q) > 0;
  });
}

/** Whether a `Content-Type` header announces JSON. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && mediaType(contentType) === "application/json";
}

/** Whether `version` has a form Intercom knows: `1.N`, `2.N` or `Unstable`. */
export function isKnownApiVersion(version: string): boolean {
  return /^[12]\.\d+$/.test(version) || version.toLowerCase() === "unstable";
}

/** Whether `version` selects the legacy 1.x API, whose leads and routes differ from 2.x's. */
export function isLegacyApiVersion(version: string): boolean {
  return version.startsWith("1.");
}
