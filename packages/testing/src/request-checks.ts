import { isPreviewVersion } from "./api-version.ts";

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive as in RFC 9110. */
export function bearerToken(authorization: string | null): string | undefined {
  const match = /^bearer +(\S+) *$/i.exec(authorization ?? "");
  return match?.[1];
}

/** The media type of a header value such as `application/json; charset=utf-8`, lower-cased. */
function mediaType(value: string): string {
  return (value.split(";", 1)[0] ?? "").trim().toLowerCase();
}

/** One media range of an `Accept` header: its type, subtype and quality (`q`, 1 when absent). */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(",")) {
    const [type = "", subtype] = mediaType(part).split("/");
    if (type === "" || subtype === undefined || subtype === "") continue;
    const q = /;\s*q\s*=\s*([0-9.]+)/i.exec(part)?.[1];
    ranges.push({ type: type.trim(), subtype: subtype.trim(), q: q === undefined ? 1 : Number(q) });
  }
  return ranges;
}

/**
 * Whether an `Accept` header lets Intercom answer JSON, as Intercom decides it: `application/json`,
 * `application/*` and the full wildcard (star, slash, star: what the official SDK sends) all do, with parameters
 * and q-values. The most specific range that covers JSON decides (RFC 9110 §12.5.1), so `application/json;q=0`
 * refuses JSON whatever wildcard follows. A request without the header, or naming only other types, gets 406
 * `media_type_not_acceptable`.
 */
export function acceptsJson(accept: string | null): boolean {
  if (accept === null) return false;
  let best: { specificity: number; q: number } | undefined;
  for (const range of mediaRanges(accept)) {
    const specificity =
      range.type === "application" && range.subtype === "json"
        ? 3
        : range.type === "application" && range.subtype === "*"
          ? 2
          : range.type === "*" && range.subtype === "*"
            ? 1
            : 0;
    if (specificity === 0) continue;
    // Of two ranges equally specific, the more generous one wins.
    if (best === undefined || specificity > best.specificity || (specificity === best.specificity && range.q > best.q))
      best = { specificity, q: range.q };
  }
  // An explicit q=0 means "not acceptable" (RFC 9110 §12.4.2).
  return best !== undefined && best.q > 0;
}

/** Whether a `Content-Type` header announces JSON. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && mediaType(contentType) === "application/json";
}

/**
 * Whether `version` has a form Intercom knows: `1.N`, `2.N`, `Preview`, or `Unstable` (Preview's former name).
 * The descriptions' `intercom_version` lists 1.0–1.4, 2.0–2.16 and Preview; any `1.N` or `2.N` passes here, so a
 * test can pin a version newer than this package.
 */
export function isKnownApiVersion(version: string): boolean {
  return /^[12]\.\d+$/.test(version) || isPreviewVersion(version);
}

/** Whether `version` selects the legacy 1.x API, whose leads and routes differ from 2.x's. */
export function isLegacyApiVersion(version: string): boolean {
  return version.startsWith("1.");
}
