/** The headers the browser's client sends; anything else is not needed for a create. */
const ALLOWED_REQUEST_HEADERS = "accept, content-type, intercom-version";

/** Whether `origin` may post leads. A missing or opaque (`null`) origin never may. */
export function isAllowedOrigin(origin: string | null, allowed: readonly string[] | "*"): origin is string {
  if (origin === null || origin === "null") return false;
  return allowed === "*" || allowed.includes(origin);
}

/** CORS headers for an answer to an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return { "access-control-allow-origin": origin, vary: "Origin" };
}

/** The answer to a preflight from an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": ALLOWED_REQUEST_HEADERS,
    "access-control-max-age": "600",
  };
}
