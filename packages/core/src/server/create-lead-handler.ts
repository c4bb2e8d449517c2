import { createIntercom } from "../client/create-intercom.ts";
import { loadOnDemand } from "../client/load-on-demand.ts";
import { onFirstUse } from "../client/on-first-use.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { LeadValidationError } from "../errors/lead-validation-error.ts";
import { validateLeadInput } from "../lead/validate-lead.ts";
import type { FetchHandler } from "../types/fetch-handler.ts";
import { isLegacyApiVersion } from "../version.ts";
import { PROXY_HEADERS } from "../wire/proxy-headers.ts";
import { DEFAULT_FIELDS, fieldsOutside, isObject } from "./allowlist.ts";
import type { UserAgentTarget } from "./attribution-check.ts";
import type { LeadRefusalReason } from "./events.ts";
import { EXPOSED_HEADERS } from "./exposed-headers.ts";
import { eventForError, type PendingEvent } from "./handler-events.ts";
import { checkHandlerOptions } from "./handler-options.ts";
import type { IdempotentAttempt } from "./idempotency/gate.ts";
import { idempotencyStep } from "./idempotency/open.ts";
import type { LeadHandlerOptions } from "./options.ts";
import { readBody } from "./read-body.ts";
import { leadView } from "./respond-view.ts";
import { errorAnswer, fail, failure, json, withCors } from "./responses.ts";

const ALLOWED_HEADERS = [
  "accept",
  "content-type",
  "intercom-version",
  PROXY_HEADERS.idempotencyKey,
  PROXY_HEADERS.verificationToken,
  PROXY_HEADERS.attribution,
].join(", ");

/**
 * Creates the route that lets browsers create leads without ever seeing the
 * token: mount it at `/api/intercom` and point the browser's client there.
 * Only `POST …/contacts` from an allowed origin, with a small JSON body of
 * allowed fields, reaches Intercom, once. For a public page, add `verify`
 * (`turnstile(…)`), `honeypot`, `rateLimit` and `intercomShare`.
 *
 * The steps, in order: origin → preflight → route, method, type → rate limit (before the body is
 * read) → body → honeypot → fields → idempotency key → Intercom share, a look (before `verify` spends
 * the visitor's single-use token) → `verify` → `beforeCreate` → attribution and user agent → Intercom
 * share, reserved → create → `respondWith`. Every answer after the key's claim settles the key.
 *
 * @example
 * export default { fetch: createLeadHandler({ token: env.INTERCOM_TOKEN, allowedOrigins: ["https://shop.example"] }) };
 */
export function createLeadHandler(options: LeadHandlerOptions): FetchHandler {
  checkHandlerOptions(options);
  const {
    client: given,
    allowedOrigins,
    fields = DEFAULT_FIELDS,
    maxBodyBytes: maxBytes = 16_384,
    beforeCreate,
    respondWith = "summary",
    onError,
    verify,
    honeypot,
    rateLimit,
    intercomShare,
    userAgent = true,
    attribution,
    onEvent,
    idempotency: idempotencyOption,
    ...clientOptions
  } = options;
  const anyOrigin = allowedOrigins === "*";
  const allowed = new Set(fields);
  const idempotency = idempotencyStep(idempotencyOption);

  // Loaded on first use, so handlers without these options do not carry their code.
  const shareGate = onFirstUse(() =>
    loadOnDemand(import("./intercom-share/share-gate.ts"), "intercomShare").then(({ createShareGate }) =>
      createShareGate(intercomShare as number),
    ),
  );
  // The share gate reads Intercom's rate headers off every answer the handler's client gets.
  const send = clientOptions.fetch ?? ((request: Request) => globalThis.fetch(request));
  const observed =
    intercomShare === undefined
      ? undefined
      : async (request: Request) => {
          const response = await send(request);
          (await shareGate()).observe(response.headers);
          return response;
        };
  // The one layer that waits out Intercom's 429 (it sees the rate headers), once: a 429 stored
  // nothing. Never a second create per request otherwise. The browser's client passes the
  // answer on rather than retrying again, so one submit sends at most two creates upstream.
  const client =
    given ??
    createIntercom({
      ...clientOptions,
      ...(observed && { fetch: observed }),
      retry: clientOptions.retry ?? { limit: 1, retryMaybeCreated: false },
    });
  if (!client.hasToken) throw new IntercomConfigError("The lead handler needs a token (or a client holding one)");
  const legacy = isLegacyApiVersion(client.apiVersion);
  // `true` means the one field Intercom has for it, which only the 1.x create takes.
  const agentTarget: UserAgentTarget = userAgent === true ? legacy && "last_seen_user_agent" : userAgent;
  const report = (error: unknown, request: Request) => {
    try {
      onError?.(error, request);
    } catch {
      // A failing logger must not take the answer down with it.
    }
  };
  const guarded = rateLimit || honeypot !== undefined || verify || intercomShare !== undefined;
  const guards = onFirstUse(() =>
    loadOnDemand(import("./guards.ts"), "the lead checks").then(({ createGuards }) =>
      createGuards({ options, legacy, shareGate, report }),
    ),
  );

  return async (request, info) => {
    const started = Date.now();
    const emit = (event: PendingEvent) => {
      try {
        onEvent?.({ ...event, ms: Date.now() - started } as never, request);
      } catch {
        // Nor a failing listener.
      }
    };
    const refuse = (reason: LeadRefusalReason, response: Response) => {
      emit({ type: "refused", reason, status: response.status });
      return response;
    };

    const { method, headers } = request;
    const origin = headers.get("origin");
    // A missing or opaque (`null`) origin never may, even with "*".
    if (!origin || origin === "null" || !(anyOrigin || allowedOrigins.includes(origin))) {
      return refuse("origin", fail(403, "origin_not_allowed", "This origin may not create leads"));
    }
    // Retry-After is unreadable cross-origin unless exposed, and the browser's client needs it on a 429 or a 503.
    const cors: Record<string, string> = {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": EXPOSED_HEADERS,
      vary: "Origin",
    };

    /** The steps after the key: the share's look and `verify`, the honeypot's answer, the hook, the lead's origin, the share, the create, the view. */
    const finish = async (
      lead: Record<string, unknown>,
      attempt: IdempotentAttempt | undefined,
      lookalike: Record<string, unknown> | undefined,
    ): Promise<Response> => {
      try {
        const refusal = guarded ? await (await guards()).check(request, lead, cors) : undefined;
        if (refusal) return refuse(refusal.reason, refusal.response);
        if (lookalike) {
          // What a person would be told up to the create, a bot is told too: an input the client would refuse gets its 422.
          const issues = validateLeadInput(lead, { apiVersion: client.apiVersion });
          if (issues.length) throw new LeadValidationError(issues);
          emit({ type: "refused", reason: "honeypot", status: 200 });
          return json(leadView(respondWith, lookalike), cors);
        }

        const result = await beforeCreate?.(lead, request);
        if (result instanceof Response) return refuse("before_create", withCors(result, cors));
        let final = result || lead;
        if (attribution || agentTarget) {
          const { addLeadOrigin } = await loadOnDemand(import("./lead-origin.ts"), "attribution");
          final = addLeadOrigin(final, request, attribution, agentTarget);
        }

        const admission = guarded ? await (await guards()).admit(cors) : undefined;
        if (admission && "reason" in admission) return refuse(admission.reason, admission.response);
        let created: Record<string, unknown>;
        try {
          created = (await (attempt ? attempt.createLead(client, final) : client.createLead(final as never))) as Record<
            string,
            unknown
          >;
        } finally {
          admission?.release();
        }
        let answer: Response;
        try {
          answer = json(leadView(respondWith, created), cors);
        } catch (error) {
          report(error, request);
          answer = failure(error, cors);
        }
        emit({ type: "created", leadId: String(created.id), status: answer.status });
        return answer;
      } catch (error) {
        report(error, request);
        const answer = failure(error, cors);
        emit(eventForError(error, answer.status));
        return answer;
      }
    };
    try {
      if (method === "OPTIONS") {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            "access-control-allow-methods": "POST",
            "access-control-allow-headers": ALLOWED_HEADERS,
            "access-control-max-age": "600",
          },
        });
      }
      if (!new URL(request.url).pathname.endsWith("/contacts"))
        return refuse("route", fail(404, "not_found", "Post leads to .../contacts", cors));
      if (method !== "POST")
        return refuse(
          "route",
          fail(405, "method_not_allowed", "Only POST creates a lead", { ...cors, allow: "POST, OPTIONS" }),
        );
      if (!/^application\/json\s*(;|$)/i.test(headers.get("content-type") ?? ""))
        return refuse("type", fail(415, "unsupported_media_type", "Send application/json", cors));

      // Per-client rate limit, before the body is read: a flood costs as little as it can.
      if (rateLimit) {
        const refusal = await (await guards()).limit(request, info, cors);
        if (refusal) return refuse(refusal.reason, refusal.response);
      }

      let input: unknown;
      try {
        const text = await readBody(request, maxBytes);
        if (text === undefined)
          return refuse("size", fail(413, "payload_too_large", `A lead is at most ${maxBytes} bytes`, cors));
        input = JSON.parse(text);
      } catch {
        return refuse("body", fail(400, "bad_request", "The body is not valid JSON", cors));
      }
      if (!isObject(input)) return refuse("body", fail(400, "bad_request", "A lead must be a JSON object", cors));

      // Honeypot: always allowed, never sent on. Filled, it gets what a success looks like, but only
      // after `verify` (in `finish`): answered sooner, a bot without a token could find the field by
      // the 200 it gets where everyone else gets a 403. And after the key, so a resend replays it.
      let lookalike: Record<string, unknown> | undefined;
      if (honeypot !== undefined) ({ rest: input, lookalike } = (await guards()).trap(input));
      const checked = input as Record<string, unknown>;

      const outside = fieldsOutside(checked, allowed);
      if (outside.length) {
        const errors = outside.map((field) => ({
          code: "parameter_not_allowed",
          message: "Not allowed from a browser",
          field,
        }));
        return refuse("field", errorAnswer(400, errors, cors, { fields: outside }));
      }
      const { role: _role, ...lead } = checked;

      // Idempotency: a resent key gets its first answer (before `verify`, so a resumed submission whose
      // verification token has expired still gets its lead); a request that owns its key settles it,
      // whatever `finish` answers (it never throws).
      const gate = await idempotency(request, lead, cors);
      if (gate?.kind === "answer") {
        emit(gate.event);
        return gate.response;
      }
      const attempt = gate?.attempt;
      const answer = await finish(lead, attempt, lookalike);
      return attempt ? await attempt.settle(answer) : answer;
    } catch (error) {
      report(error, request);
      const answer = failure(error, cors);
      emit(eventForError(error, answer.status));
      return answer;
    }
  };
}
