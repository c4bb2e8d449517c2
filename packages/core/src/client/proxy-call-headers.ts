import type { LeadAttribution } from "../types/attribution.ts";
import type { CreateLeadOptions } from "../types/options.ts";
import { PROXY_HEADERS } from "../wire/proxy-headers.ts";
import { check } from "./option-checks.ts";

/**
 * The call's headers with what only the lead proxy reads (idempotency key, verification token,
 * attribution) added; the call's own `headers` as they were when there is none of it. A client
 * with a token talks to Intercom itself, which knows none of these: they are refused there, so
 * nobody believes a key protects a direct create.
 */
export function withProxyHeaders(
  { idempotencyKey, verificationToken, attribution, headers }: CreateLeadOptions,
  hasToken: boolean,
): HeadersInit | undefined {
  if (idempotencyKey === undefined && verificationToken === undefined && attribution === undefined) return headers;
  check(
    !hasToken,
    "idempotencyKey, verificationToken and attribution are for a client that talks to createLeadHandler (no token): Intercom itself has none of them",
  );
  check(
    idempotencyKey === undefined || (typeof idempotencyKey === "string" && /^[\x21-\x7e]{1,255}$/.test(idempotencyKey)),
    "idempotencyKey must be 1 to 255 visible ASCII characters, such as crypto.randomUUID()",
  );
  check(
    verificationToken === undefined || (typeof verificationToken === "string" && verificationToken !== ""),
    "verificationToken must be a non-empty string",
  );
  check(
    attribution === undefined || (typeof attribution === "object" && attribution !== null),
    "attribution must be an object such as pageAttribution()",
  );
  const merged = new Headers(headers);
  if (idempotencyKey !== undefined) merged.set(PROXY_HEADERS.idempotencyKey, idempotencyKey);
  if (verificationToken !== undefined) merged.set(PROXY_HEADERS.verificationToken, verificationToken);
  if (attribution !== undefined) {
    const pairs = Object.entries(attribution as LeadAttribution).filter(
      (pair): pair is [string, string] => typeof pair[1] === "string" && pair[1] !== "",
    );
    if (pairs.length) merged.set(PROXY_HEADERS.attribution, new URLSearchParams(pairs).toString());
  }
  return merged;
}
