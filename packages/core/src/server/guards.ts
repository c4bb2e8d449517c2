import type { LeadRefusalReason } from "./events.ts";
import { honeypotFilled } from "./honeypot.ts";
import { lookalikeLead } from "./honeypot-answer.ts";
import type { ShareAdmission, ShareGate } from "./intercom-share/share-gate.ts";
import type { LeadHandlerOptions, RateLimitOptions } from "./options.ts";
import { createRateLimiter } from "./rate-limit/rate-limiter.ts";
import { fail, withCors } from "./responses.ts";

/** A request the guards turned away: the answer, and the reason `onEvent` is told. */
export interface Refusal {
  readonly reason: LeadRefusalReason;
  readonly response: Response;
}

/** The protections of a handler on a public page, each a step of the request in the handler's order. */
export interface Guards {
  /** `rateLimit`, before the body is read. */
  limit(request: Request, info: object | undefined, cors: Record<string, string>): Promise<Refusal | undefined>;
  /** `honeypot`: the input without the field, and the lookalike lead a bot gets when it filled it. */
  trap(input: Record<string, unknown>): { rest: Record<string, unknown>; lookalike?: Record<string, unknown> };
  /** After the key: the share, looked at without reserving (so no verification token is spent on a 503), then `verify`. */
  check(request: Request, lead: Record<string, unknown>, cors: Record<string, string>): Promise<Refusal | undefined>;
  /** Right before the create: a place in the share reserved (release it once the answer is in), or the refusal. */
  admit(cors: Record<string, string>): Promise<Refusal | Extract<ShareAdmission, { allowed: true }> | undefined>;
}

/** What the guards need of the handler besides its options. */
export interface GuardContext {
  readonly options: LeadHandlerOptions;
  /** The API version is 1.x (the honeypot's lookalike then has a `user_id`). */
  readonly legacy: boolean;
  /** The handler's share gate, which its client's `fetch` also feeds. */
  readonly shareGate: () => Promise<ShareGate>;
  /** `onError`, made safe. */
  readonly report: (error: unknown, request: Request) => void;
}

/**
 * The handler's `rateLimit`, `honeypot`, `verify` and `intercomShare` steps, loaded on first use: a
 * handler with none of them never loads this code.
 */
export function createGuards({ options, legacy, shareGate, report }: GuardContext): Guards {
  const { rateLimit, honeypot, verify, intercomShare } = options;
  const limiter = rateLimit && createRateLimiter(rateLimit as RateLimitOptions);
  const shareExhausted = (retryAfterSeconds: number, cors: Record<string, string>): Refusal => ({
    reason: "intercom_share",
    response: fail(
      503,
      "intercom_share_exhausted",
      "Leads are paused for a moment; try again shortly",
      { ...cors, "retry-after": String(retryAfterSeconds) },
      { maybe_created: false },
    ),
  });

  return {
    async limit(request, info, cors) {
      if (!limiter) return;
      let decision: Awaited<ReturnType<typeof limiter>>;
      try {
        decision = await limiter(request, info);
      } catch (error) {
        report(error, request);
        return {
          reason: "rate_limit_unavailable",
          response: fail(503, "rate_limit_unavailable", "Leads cannot be accepted right now", cors, {
            maybe_created: false,
          }),
        };
      }
      if (!decision.allowed)
        return {
          reason: "rate_limit",
          response: fail(429, "too_many_requests", "Too many leads from here; try again later", {
            ...cors,
            "retry-after": String(decision.retryAfterSeconds),
          }),
        };
    },
    trap(input) {
      if (honeypot === undefined) return { rest: input };
      const { [honeypot]: field, ...rest } = input;
      return honeypotFilled(field) ? { rest, lookalike: lookalikeLead(rest, legacy) } : { rest };
    },
    async check(request, lead, cors) {
      if (intercomShare !== undefined) {
        // A token is single use: one spent on what is a 503 anyway would fail the visitor's resend.
        const retryAfterSeconds = (await shareGate()).full();
        if (retryAfterSeconds !== undefined) return shareExhausted(retryAfterSeconds, cors);
      }
      if (!verify) return;
      let verdict: boolean | Response;
      try {
        verdict = await verify(request, lead);
      } catch (error) {
        // A check that cannot run fails closed.
        report(error, request);
        verdict = false;
      }
      if (verdict === true) return;
      return {
        reason: "verification",
        response:
          verdict instanceof Response
            ? withCors(verdict, cors)
            : fail(403, "human_verification_failed", "The human check failed; try again with a new one", cors),
      };
    },
    async admit(cors) {
      if (intercomShare === undefined) return;
      const admission = await (await shareGate()).admit();
      return admission.allowed ? admission : shareExhausted(admission.retryAfterSeconds, cors);
    },
  };
}
