import { createIntercom } from "../client/create-intercom.ts";
import { loadOnDemand } from "../client/load-on-demand.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { FetchHandler } from "../types/fetch-handler.ts";
import { isLegacyApiVersion } from "../version.ts";
import { PROXY_HEADERS } from "../wire/proxy-headers.ts";
import { DEFAULT_FIELDS, fieldsOutside, isObject } from "./allowlist.ts";
import { checkAttribution, type UserAgentTarget } from "./attribution-check.ts";
import { eventForError, type PendingEvent } from "./handler-events.ts";
import { honeypotFilled } from "./honeypot.ts";
import type { IdempotentAttempt } from "./idempotency/gate.ts";
import { idempotencyStep } from "./idempotency/open.ts";
import type { ShareAdmission, ShareGate } from "./intercom-share/share-gate.ts";
import type { LeadHandlerOptions, RateLimitOptions } from "./options.ts";
import type { RateLimitDecision } from "./rate-limit/store.ts";
import { readBody } from "./read-body.ts";
import { leadView } from "./respond-view.ts";
import { errorAnswer, fail, failure, json } from "./responses.ts";

const ALLOWED_HEADERS = [
  "accept",
  "content-type",
  "intercom-version",
  PROXY_HEADERS.idempotencyKey,
  PROXY_HEADERS.verificationToken,
  PROXY_HEADERS.attribution,
].join(", ");

/** A hook's own answer as it is (a Response is a valid init), readable by the page. */
function withCors(response: Response, cors: Record<string, string>): Response {
  const answer = new Response(response.body, response);
  for (const [name, value] of Object.entries(cors)) answer.headers.set(name, value);
  return answer;
}

/**
 * Creates the route that lets browsers create leads without ever seeing the
 * token: mount it at `/api/intercom` and point the browser's client there.
 * Only `POST …/contacts` from an allowed origin, with a small JSON body of
 * allowed fields, reaches Intercom, once. For a public page, add `verify`
 * (`turnstile(…)`), `honeypot`, `rateLimit` and `intercomShare`.
 *
 * The steps, in order: origin → preflight → route, method, type → rate limit (before the body is
 * read) → body → honeypot → fields → idempotency key → `verify` → `beforeCreate` → attribution and
 * user agent → Intercom share → create → `respondWith`.
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
    if (given)
      throw new IntercomConfigError(
        "intercomShare needs the handler to build its own client (from token): it cannot watch a given client's rate headers",
      );
  }
  if (honeypot !== undefined && (typeof honeypot !== "string" || honeypot === "" || honeypot === "role"))
    throw new IntercomConfigError("honeypot must be the name of a form field");
  if (!(userAgent === true || userAgent === false || /^custom_attributes\.[^.]+$/.test(String(userAgent))))
    throw new IntercomConfigError('userAgent must be true, false or "custom_attributes.<name>"');
  const allowed = new Set(fields);
  if (attribution) checkAttribution(attribution, allowed);
  const idempotency = idempotencyStep(idempotencyOption);

  // Loaded on first use, so handlers without these options do not carry their code.
  let gate: Promise<ShareGate> | undefined;
  const shareGate = () =>
    (gate ??= loadOnDemand(import("./intercom-share/share-gate.ts"), "intercomShare").then(
      ({ createShareGate }) => createShareGate(intercomShare as number),
      (error: unknown) => {
        gate = undefined;
        throw error;
      },
    ));
  let limiter: Promise<(request: Request, info: object | undefined) => Promise<RateLimitDecision>> | undefined;
  const rateLimiter = () =>
    (limiter ??= loadOnDemand(import("./rate-limit/rate-limiter.ts"), "the rate limit").then(
      ({ createRateLimiter }) => createRateLimiter(rateLimit as RateLimitOptions),
      (error: unknown) => {
        limiter = undefined;
        throw error;
      },
    ));
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

  return async (request, info) => {
    const started = Date.now();
    const emit = (event: PendingEvent) => {
      try {
        onEvent?.({ ...event, ms: Date.now() - started } as never, request);
      } catch {
        // Nor a failing listener.
      }
    };
    const refuse = (reason: Extract<PendingEvent, { type: "refused" }>["reason"], response: Response) => {
      emit({ type: "refused", reason, status: response.status });
      return response;
    };

    const { method, headers } = request;
    const origin = headers.get("origin");
    // A missing or opaque (`null`) origin never may, even with "*".
    if (!origin || origin === "null" || !(anyOrigin || allowedOrigins.includes(origin))) {
      return refuse("origin", fail(403, "origin_not_allowed", "This origin may not create leads"));
    }
    const cors: Record<string, string> = { "access-control-allow-origin": origin, vary: "Origin" };

    /** The steps after the key: verification, the hook, the lead's origin, the share, the create, the view. */
    const finish = async (lead: Record<string, unknown>, attempt: IdempotentAttempt | undefined): Promise<Response> => {
      try {
        if (verify) {
          let verdict: boolean | Response;
          try {
            verdict = await verify(request, lead);
          } catch (error) {
            // A check that cannot run fails closed.
            report(error, request);
            verdict = false;
          }
          if (verdict instanceof Response) return refuse("verification", withCors(verdict, cors));
          if (verdict !== true)
            return refuse(
              "verification",
              fail(403, "human_verification_failed", "The human check failed; try again with a new one", cors),
            );
        }

        const result = await beforeCreate?.(lead, request);
        if (result instanceof Response) return refuse("before_create", withCors(result, cors));
        let final = result || lead;
        if (attribution || agentTarget) {
          const { addLeadOrigin } = await loadOnDemand(import("./lead-origin.ts"), "attribution");
          final = addLeadOrigin(final, request, attribution, agentTarget);
        }

        let admission: ShareAdmission | undefined;
        if (intercomShare !== undefined) {
          admission = await (await shareGate()).admit();
          if (!admission.allowed)
            return refuse(
              "intercom_share",
              fail(
                503,
                "intercom_share_exhausted",
                "Leads are paused for a moment; try again shortly",
                {
                  ...cors,
                  "retry-after": String(admission.retryAfterSeconds),
                },
                { maybe_created: false },
              ),
            );
        }
        let created: Record<string, unknown>;
        try {
          created = (await (attempt ? attempt.createLead(client, final) : client.createLead(final as never))) as Record<
            string,
            unknown
          >;
        } finally {
          if (admission?.allowed) admission.release();
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
        let decision: RateLimitDecision;
        try {
          decision = await (await rateLimiter())(request, info);
        } catch (error) {
          report(error, request);
          return refuse(
            "rate_limit_unavailable",
            fail(503, "rate_limit_unavailable", "Leads cannot be accepted right now", cors, { maybe_created: false }),
          );
        }
        if (!decision.allowed)
          return refuse(
            "rate_limit",
            fail(429, "too_many_requests", "Too many leads from here; try again later", {
              ...cors,
              "retry-after": String(decision.retryAfterSeconds),
            }),
          );
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

      // Honeypot: always allowed, never sent on. Filled, it gets what a success looks like.
      if (honeypot !== undefined) {
        const { [honeypot]: trap, ...rest } = input;
        if (honeypotFilled(trap)) {
          const { lookalikeLead } = await loadOnDemand(import("./honeypot-answer.ts"), "the honeypot");
          emit({ type: "refused", reason: "honeypot", status: 200 });
          return json(leadView(respondWith, lookalikeLead(rest, legacy)), cors);
        }
        input = rest;
      }
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
      // verification token has expired still gets its lead); a request that owns its key settles it.
      const gate = await idempotency(request, lead, cors);
      if (gate?.kind === "answer") {
        emit(gate.event);
        return gate.response;
      }
      const attempt = gate?.attempt;
      const answer = await finish(lead, attempt);
      return attempt ? await attempt.settle(answer) : answer;
    } catch (error) {
      report(error, request);
      const answer = failure(error, cors);
      emit(eventForError(error, answer.status));
      return answer;
    }
  };
}
