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
  if ((idempotencyKey ?? verificationToken ?? attribution) === undefined) return headers;
  check(!hasToken, "idempotencyKey, verificationToken and attribution are for a client of createLeadHandler");
  check(
    idempotencyKey === undefined || /^[\x21-\x7e]{1,255}$/.test(idempotencyKey),
    "idempotencyKey must be 1 to 255 visible ASCII characters",
  );
  const merged = new Headers(headers);
  const pairs = Object.entries(attribution ?? {}).filter(([, value]) => typeof value === "string" && value);
  for (const [name, value] of [
    [PROXY_HEADERS.idempotencyKey, idempotencyKey],
    [PROXY_HEADERS.verificationToken, verificationToken],
    [PROXY_HEADERS.attribution, pairs.length ? new URLSearchParams(pairs).toString() : undefined],
  ])
    if (value) merged.set(name as string, value);
  return merged;
}
