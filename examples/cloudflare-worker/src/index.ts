/**
 * The lead proxy as a Cloudflare Worker: `createLeadHandler` is a standard
 * `(request) => Promise<Response>`, so it serves as the Worker's `fetch` as is. Safe on a public page:
 * Turnstile checks a human filled the form, the Rate Limiting binding caps each client, and a Durable
 * Object remembers idempotency keys, so a resent form creates its lead once.
 */
import {
  durableIdempotencyStore,
  IntercomIdempotencyStore,
  rateLimitBinding,
  type WorkersRateLimit,
} from "@intercom-leads/cloudflare";
import { createLeadHandler, type FetchHandler, turnstile } from "@intercom-leads/core/server";

// The idempotency store's Durable Object class: the Worker's main module must export it.
export { IntercomIdempotencyStore };

/** The Worker's bindings: `[vars]`, secrets, and the bindings in wrangler.toml. */
export interface Env {
  /** Intercom access token: `wrangler secret put INTERCOM_TOKEN`, or `.dev.vars` locally. */
  INTERCOM_TOKEN: string;
  /** The Turnstile widget's secret key: `wrangler secret put TURNSTILE_SECRET_KEY`, or `.dev.vars` locally. */
  TURNSTILE_SECRET_KEY: string;
  /** Comma-separated origins whose pages may create leads, or `"*"`. */
  ALLOWED_ORIGINS: string;
  /** Where the workspace is hosted. */
  INTERCOM_REGION?: "us" | "eu" | "au";
  /** Optional base URL overriding the region: a fake Intercom for local testing, or a proxy. */
  INTERCOM_BASE_URL?: string;
  /** Optional comma-separated hostnames the Turnstile widget must have been solved on. */
  TURNSTILE_HOSTNAMES?: string;
  /** Local testing only: a stand-in for Turnstile's siteverify on loopback (http://127.0.0.1:<port>). */
  TURNSTILE_SITEVERIFY_URL?: string;
  /** `[[ratelimits]]`: leads per client address. */
  LEAD_LIMITER: WorkersRateLimit;
  /** `[[durable_objects.bindings]]`: the idempotency keys. */
  IDEMPOTENCY: DurableObjectNamespace<IntercomIdempotencyStore>;
}

/** The `[[ratelimits]]` binding's `simple` settings in wrangler.toml: the binding enforces those, so say the same here. */
const LEAD_LIMIT = { limit: 5, period: 60 } as const;

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function allowedOrigins(value: string | undefined): string[] | "*" {
  return value?.trim() === "*" ? "*" : list(value);
}

/**
 * Sends siteverify calls to a local stand-in. Loopback only, so a stray production setting cannot
 * send the secret key anywhere else.
 */
function localSiteverify(url: string): (request: Request) => Promise<Response> {
  const target = new URL(url);
  if (target.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
    throw new Error(`TURNSTILE_SITEVERIFY_URL is for local testing: an http://127.0.0.1 URL, not ${url}`);
  }
  return (request) => fetch(new Request(target, request));
}

function buildHandler(env: Env): FetchHandler {
  const hostnames = list(env.TURNSTILE_HOSTNAMES);
  return createLeadHandler({
    token: env.INTERCOM_TOKEN,
    region: env.INTERCOM_REGION || undefined,
    baseUrl: env.INTERCOM_BASE_URL || undefined,
    allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
    // The page's widget token arrives in X-Verification-Token; a missing or bad one is a 403.
    verify: turnstile({
      secretKey: env.TURNSTILE_SECRET_KEY,
      expectedHostname: hostnames.length ? hostnames : undefined,
      fetch: env.TURNSTILE_SITEVERIFY_URL ? localSiteverify(env.TURNSTILE_SITEVERIFY_URL) : undefined,
    }),
    // Keyed on CF-Connecting-IP, counted by Cloudflare across isolates; checked before Turnstile is asked.
    rateLimit: {
      requests: LEAD_LIMIT.limit,
      windowSeconds: LEAD_LIMIT.period,
      store: rateLimitBinding(env.LEAD_LIMITER, LEAD_LIMIT),
    },
    idempotency: { store: durableIdempotencyStore(env.IDEMPOTENCY) },
    // Never echo upstream details to the browser; this is where they are seen.
    onError: (error) => console.error("Creating a lead failed:", error),
  });
}

// One handler (and so one Intercom client) per isolate, built on the first request,
// since bindings only arrive with it. Keyed by the env object, which is the same
// for every request an isolate serves.
const handlers = new WeakMap<Env, FetchHandler>();

export default {
  async fetch(request, env): Promise<Response> {
    let handler = handlers.get(env);
    if (!handler) {
      try {
        handler = buildHandler(env);
      } catch (error) {
        // A missing secret or a malformed origin: a deployment mistake, logged here, not shown to the browser.
        console.error("The lead proxy is misconfigured:", error);
        return Response.json(
          {
            type: "error.list",
            errors: [{ code: "proxy_misconfigured", message: "The lead proxy is not configured" }],
          },
          { status: 500 },
        );
      }
      handlers.set(env, handler);
    }
    return handler(request);
  },
} satisfies ExportedHandler<Env>;
