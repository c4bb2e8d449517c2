import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { DEFAULT_FIELDS } from "./allowlist.ts";
import { checkAttribution } from "./attribution-check.ts";
import type { LeadHandlerOptions } from "./options.ts";

/**
 * Throws an `IntercomConfigError` for the first unusable option of `createLeadHandler`, when the
 * handler is made (never on a request): a public route with a typo in its protections must not start.
 */
export function checkHandlerOptions(options: LeadHandlerOptions): void {
  const { allowedOrigins, maxBodyBytes = 16_384, rateLimit, intercomShare, honeypot, userAgent = true } = options;
  // Exact origins only: browsers send the bare origin, so a path or a trailing slash would never match.
  if (
    allowedOrigins !== "*" &&
    !(
      Array.isArray(allowedOrigins) &&
      allowedOrigins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin)
    )
  ) {
    throw new IntercomConfigError(
      `allowedOrigins must be "*" or origins such as ["https://shop.example"] (no path, no trailing slash), not ${JSON.stringify(allowedOrigins)}`,
    );
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)
    throw new IntercomConfigError("maxBodyBytes must be a positive integer");
  if (
    rateLimit !== undefined &&
    !(
      Number.isSafeInteger(rateLimit?.requests) &&
      rateLimit.requests > 0 &&
      Number.isFinite(rateLimit.windowSeconds) &&
      rateLimit.windowSeconds > 0
    )
  )
    throw new IntercomConfigError("rateLimit needs requests (a whole number > 0) and windowSeconds (> 0)");
  if (intercomShare !== undefined) {
    if (!(typeof intercomShare === "number" && intercomShare > 0 && intercomShare <= 1))
      throw new IntercomConfigError("intercomShare must be a number above 0 and at most 1");
    if (options.client)
      throw new IntercomConfigError(
        "intercomShare needs the handler to build its own client (from token): it cannot watch a given client's rate headers",
      );
  }
  if (honeypot !== undefined && (typeof honeypot !== "string" || honeypot === "" || honeypot === "role"))
    throw new IntercomConfigError("honeypot must be the name of a form field");
  if (!(userAgent === true || userAgent === false || /^custom_attributes\.[^.]+$/.test(String(userAgent))))
    throw new IntercomConfigError('userAgent must be true, false or "custom_attributes.<name>"');
  if (options.attribution) checkAttribution(options.attribution, new Set(options.fields ?? DEFAULT_FIELDS));
}
