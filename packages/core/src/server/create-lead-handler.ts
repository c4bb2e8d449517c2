import { createIntercom } from "../client/create-intercom.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { FetchHandler } from "../types/fetch-handler.ts";
import { DEFAULT_FIELDS, fieldsOutside, isObject } from "./allowlist.ts";
import type { LeadHandlerOptions } from "./options.ts";
import { readBody } from "./read-body.ts";
import { errorAnswer, fail, failure, json } from "./responses.ts";

const SUMMARY_FIELDS = ["type", "id", "role", "email", "name", "phone", "created_at"];

/**
 * Creates the route that lets browsers create leads without ever seeing the
 * token: mount it at `/api/intercom` and point the browser's client there.
 * Only `POST …/contacts` from an allowed origin, with a small JSON body of
 * allowed fields, reaches Intercom, once.
 *
 * @example
 * export default { fetch: createLeadHandler({ token: env.INTERCOM_TOKEN, allowedOrigins: ["https://shop.example"] }) };
 */
export function createLeadHandler(options: LeadHandlerOptions): FetchHandler {
  const {
    client: given,
    allowedOrigins,
    fields = DEFAULT_FIELDS,
    maxBodyBytes: maxBytes = 16_384,
    beforeCreate,
    respondWith = "lead",
    onError,
    ...clientOptions
  } = options;
  const anyOrigin = allowedOrigins === "*";
  // Exact origins only: browsers send the bare origin, so a path or a trailing slash would never match.
  if (
    !anyOrigin &&
    !(
      Array.isArray(allowedOrigins) &&
      allowedOrigins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin)
    )
  ) {
    throw new IntercomConfigError(
      `allowedOrigins must be "*" or origins such as ["https://shop.example"] (no path, no trailing slash), not ${JSON.stringify(allowedOrigins)}`,
    );
  }
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
    throw new IntercomConfigError("maxBodyBytes must be a positive integer");
  // The one layer that waits out Intercom's 429 (it sees the rate headers), once: a 429 stored
  // nothing. Never a second create per request otherwise. The browser's client passes the
  // answer on rather than retrying again, so one submit sends at most two creates upstream.
  const client =
    given ?? createIntercom({ ...clientOptions, retry: clientOptions.retry ?? { limit: 1, retryMaybeCreated: false } });
  if (!client.hasToken) throw new IntercomConfigError("The lead handler needs a token (or a client holding one)");
  const allowed = new Set(fields);

  return async (request) => {
    const { method, headers } = request;
    const origin = headers.get("origin");
    // A missing or opaque (`null`) origin never may, even with "*".
    if (!origin || origin === "null" || !(anyOrigin || allowedOrigins.includes(origin))) {
      return fail(403, "origin_not_allowed", "This origin may not create leads");
    }
    const cors: Record<string, string> = { "access-control-allow-origin": origin, vary: "Origin" };
    try {
      if (method === "OPTIONS") {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            "access-control-allow-methods": "POST",
            "access-control-allow-headers": "accept, content-type, intercom-version",
            "access-control-max-age": "600",
          },
        });
      }
      if (!new URL(request.url).pathname.endsWith("/contacts"))
        return fail(404, "not_found", "Post leads to .../contacts", cors);
      if (method !== "POST")
        return fail(405, "method_not_allowed", "Only POST creates a lead", { ...cors, allow: "POST, OPTIONS" });
      if (!/^application\/json\s*(;|$)/i.test(headers.get("content-type") ?? ""))
        return fail(415, "unsupported_media_type", "Send application/json", cors);
      let input: unknown;
      try {
        const text = await readBody(request, maxBytes);
        if (text === undefined) return fail(413, "payload_too_large", `A lead is at most ${maxBytes} bytes`, cors);
        input = JSON.parse(text);
      } catch {
        return fail(400, "bad_request", "The body is not valid JSON", cors);
      }
      if (!isObject(input)) return fail(400, "bad_request", "A lead must be a JSON object", cors);
      const outside = fieldsOutside(input, allowed);
      if (outside.length) {
        const errors = outside.map((field) => ({
          code: "parameter_not_allowed",
          message: "Not allowed from a browser",
          field,
        }));
        return errorAnswer(400, errors, cors, { fields: outside });
      }
      const { role: _role, ...lead } = input;
      const result = await beforeCreate?.(lead, request);
      if (result instanceof Response) {
        // The hook's answer as it is (a Response is a valid init), readable by the page.
        const answer = new Response(result.body, result);
        for (const [name, value] of Object.entries(cors)) answer.headers.set(name, value);
        return answer;
      }
      const created = (await client.createLead((result || lead) as never)) as Record<string, unknown>;
      return json(
        typeof respondWith === "function"
          ? respondWith(created)
          : respondWith === "summary"
            ? Object.fromEntries(
                SUMMARY_FIELDS.filter((field) => field in created).map((field) => [field, created[field]]),
              )
            : created,
        cors,
      );
    } catch (error) {
      try {
        onError?.(error, request);
      } catch {
        // A failing logger must not take the answer down with it.
      }
      return failure(error, cors);
    }
  };
}
