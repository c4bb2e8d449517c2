import { createIntercom } from "../client/create-intercom.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { DEFAULT_FIELDS, fieldsOutside } from "./allowlist.ts";
import { corsHeaders, isAllowedOrigin, preflightHeaders } from "./cors.ts";
import type { LeadHandlerOptions, LeadResponseView } from "./options.ts";
import { readBody } from "./read-body.ts";
import { errorAnswer, upstreamFailure } from "./responses.ts";

/** A standard fetch handler: a Worker's `fetch`, `Deno.serve`, `Bun.serve`, Hono, a Next.js route. */
export type LeadHandler = (request: Request) => Promise<Response>;

const DEFAULT_MAX_BODY_BYTES = 16_384;
const SUMMARY_FIELDS = ["type", "id", "role", "email", "name", "phone", "created_at"];

function view(lead: Record<string, unknown>, respondWith: LeadResponseView): unknown {
  if (typeof respondWith === "function") return respondWith(lead);
  if (respondWith === "summary") return Object.fromEntries(SUMMARY_FIELDS.filter((field) => field in lead).map((field) => [field, lead[field]]));
  return lead;
}

function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Creates the route that lets browsers create leads without ever seeing the
 * token: mount it at `/api/intercom` and point the browser's client there.
 * Only `POST …/contacts` from an allowed origin, with a small JSON body of
 * allowed fields, reaches Intercom, once.
 *
 * @example
 * export default { fetch: createLeadHandler({ token: env.INTERCOM_TOKEN, allowedOrigins: ["https://shop.example"] }) };
 */
export function createLeadHandler(options: LeadHandlerOptions): LeadHandler {
  const { client: given, allowedOrigins, fields, maxBodyBytes, beforeCreate, respondWith = "lead", onError, ...clientOptions } = options;
  if (allowedOrigins !== "*" && !Array.isArray(allowedOrigins)) {
    throw new IntercomConfigError('allowedOrigins is required: a list of origins such as ["https://shop.example"], or "*" to accept any');
  }
  for (const origin of allowedOrigins === "*" ? [] : allowedOrigins) {
    let exact = false;
    try {
      exact = new URL(origin).origin === origin;
    } catch {
      // Not a URL at all: refused below.
    }
    if (!exact) throw new IntercomConfigError(`allowedOrigins entry ${JSON.stringify(origin)} is not an origin: write it as browsers send it, e.g. "https://shop.example" (no path, no trailing slash)`);
  }
  const maxBytes = maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new IntercomConfigError("maxBodyBytes must be a positive whole number");
  // The proxy's own retries: only 429s, which stored nothing. Never a second create per request.
  const client = given ?? createIntercom({ ...clientOptions, retry: clientOptions.retry ?? { limit: 1, retryMaybeCreated: false } });
  if (!client.hasToken) throw new IntercomConfigError("The lead handler needs a token (or a client holding one): it is the one place the token lives");
  const allowed = new Set(fields ?? DEFAULT_FIELDS);

  async function handle(request: Request): Promise<Response> {
    const origin = request.headers.get("origin");
    if (!isAllowedOrigin(origin, allowedOrigins)) {
      return errorAnswer(403, [{ code: "origin_not_allowed", message: "This origin may not create leads" }]);
    }
    const cors = corsHeaders(origin);
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: preflightHeaders(origin) });
    if (!new URL(request.url).pathname.endsWith("/contacts")) {
      return errorAnswer(404, [{ code: "not_found", message: "Leads are created at …/contacts" }], cors);
    }
    if (request.method !== "POST") {
      return errorAnswer(405, [{ code: "method_not_allowed", message: "Only POST creates a lead" }], { ...cors, allow: "POST, OPTIONS" });
    }
    if (!isJsonContentType(request.headers.get("content-type"))) {
      return errorAnswer(415, [{ code: "unsupported_media_type", message: "Send the lead as application/json" }], cors);
    }
    const text = await readBody(request, maxBytes);
    if (text === "too_large") return errorAnswer(413, [{ code: "payload_too_large", message: `A lead is at most ${maxBytes} bytes` }], cors);
    let input: unknown;
    try {
      if (text === "unreadable") throw new SyntaxError();
      input = JSON.parse(text);
    } catch {
      return errorAnswer(400, [{ code: "bad_request", message: "The body is not valid JSON" }], cors);
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return errorAnswer(400, [{ code: "bad_request", message: "A lead must be a JSON object" }], cors);
    }
    const outside = fieldsOutside(input as Record<string, unknown>, allowed);
    if (outside.length > 0) {
      const errors = outside.map((field) => ({ code: "parameter_not_allowed", message: "This field may not be set from a browser", field }));
      return errorAnswer(400, errors, cors, { fields: outside });
    }
    const { role: _role, ...lead } = input as Record<string, unknown>;

    let checked: Record<string, unknown> = lead;
    if (beforeCreate) {
      const result = await beforeCreate(lead, request);
      if (result instanceof Response) {
        const headers = new Headers(result.headers);
        for (const [name, value] of Object.entries(cors)) headers.set(name, value);
        return new Response(result.body, { status: result.status, statusText: result.statusText, headers });
      }
      if (result) checked = result;
    }
    try {
      const created = (await client.createLead(checked as never)) as Record<string, unknown>;
      return Response.json(view(created, respondWith), { headers: { ...cors, "cache-control": "no-store" } });
    } catch (error) {
      onError?.(error, request);
      return upstreamFailure(error, cors);
    }
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      // A throwing beforeCreate or respondWith: the browser learns nothing of it.
      try {
        onError?.(error, request);
      } catch {
        // A failing logger must not take the answer down with it.
      }
      const origin = request.headers.get("origin");
      return errorAnswer(500, [{ code: "internal_error", message: "The lead could not be handled" }], isAllowedOrigin(origin, allowedOrigins) ? corsHeaders(origin) : {});
    }
  };
}
