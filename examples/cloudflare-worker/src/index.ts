/**
 * The lead proxy as a Cloudflare Worker: `createLeadHandler` is a standard
 * `(request) => Promise<Response>`, so it serves as the Worker's `fetch` as is.
 */
import { createLeadHandler, type FetchHandler } from "@intercom-leads/core/server";

/** The Worker's bindings: `[vars]` in wrangler.toml, plus the INTERCOM_TOKEN secret. */
export interface Env {
  /** Intercom access token: `wrangler secret put INTERCOM_TOKEN`, or `.dev.vars` locally. */
  INTERCOM_TOKEN: string;
  /** Comma-separated origins whose pages may create leads, or `"*"`. */
  ALLOWED_ORIGINS: string;
  /** Where the workspace is hosted. */
  INTERCOM_REGION?: "us" | "eu" | "au";
  /** Optional base URL overriding the region: a fake Intercom for local testing, or a proxy. */
  INTERCOM_BASE_URL?: string;
}

function allowedOrigins(value: string | undefined): string[] | "*" {
  if (value?.trim() === "*") return "*";
  return (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
}

function buildHandler(env: Env): FetchHandler {
  return createLeadHandler({
    token: env.INTERCOM_TOKEN,
    region: env.INTERCOM_REGION || undefined,
    baseUrl: env.INTERCOM_BASE_URL || undefined,
    allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
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
        // A missing token or a malformed origin: a deployment mistake, logged here, not shown to the browser.
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
