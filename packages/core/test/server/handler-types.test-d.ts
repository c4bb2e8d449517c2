import { describe, expectTypeOf, it } from "vitest";
import { createIntercom } from "../../src/index.ts";
import {
  createLeadHandler,
  type FetchHandler,
  type LeadHandlerEvent,
  type LeadHandlerOptions,
  turnstile,
  type Verifier,
} from "../../src/server/index.ts";

const handler = createLeadHandler({ token: "t", allowedOrigins: ["https://shop.example"] });

describe("the handler fits every runtime's fetch handler", () => {
  it("takes the runtime's second argument: Deno's info, Bun's server, a Worker's env", () => {
    type DenoHandler = (
      request: Request,
      info: { remoteAddr: { hostname: string; port: number } },
    ) => Promise<Response>;
    type WorkerFetch = (
      request: Request,
      env: { INTERCOM_TOKEN: string },
      ctx: { waitUntil(p: Promise<unknown>): void },
    ) => Promise<Response>;
    type BunFetch = (
      request: Request,
      server: { requestIP(request: Request): { address: string } | null },
    ) => Promise<Response>;
    expectTypeOf(handler).toExtend<DenoHandler>();
    expectTypeOf(handler).toExtend<WorkerFetch>();
    expectTypeOf(handler).toExtend<BunFetch>();
    expectTypeOf(handler).toExtend<(request: Request) => Promise<Response>>();
  });

  it("still takes globalThis.fetch as a client's fetch", () => {
    expectTypeOf(globalThis.fetch).toExtend<FetchHandler>();
    createIntercom({ fetch: globalThis.fetch });
  });
});

describe("the public-page options", () => {
  it("take turnstile() or any check of the same shape as verify", () => {
    expectTypeOf(turnstile({ secretKey: "s" })).toEqualTypeOf<Verifier>();
    expectTypeOf<LeadHandlerOptions["verify"]>().toEqualTypeOf<Verifier | undefined>();
    const hcaptcha: Verifier = async (request) => request.headers.has("x-verification-token");
    createLeadHandler({ token: "t", allowedOrigins: "*", verify: hcaptcha });
  });

  it("type userAgent targets and attribution names", () => {
    createLeadHandler({ token: "t", allowedOrigins: "*", userAgent: "custom_attributes.browser" });
    // @ts-expect-error only custom attributes, true or false
    createLeadHandler({ token: "t", allowedOrigins: "*", userAgent: "last_seen_user_agent" });
    // @ts-expect-error gclid is not an attribution name
    createLeadHandler({ token: "t", allowedOrigins: "*", attribution: { gclid: "custom_attributes.gclid" } });
  });

  it("narrow events by type", () => {
    createLeadHandler({
      token: "t",
      allowedOrigins: "*",
      onEvent: (event) => {
        if (event.type === "refused")
          expectTypeOf(event.reason).toEqualTypeOf<Extract<LeadHandlerEvent, { type: "refused" }>["reason"]>();
        if (event.type === "upstream_error") expectTypeOf(event.maybeCreated).toEqualTypeOf<boolean>();
        if (event.type === "created") expectTypeOf(event.leadId).toEqualTypeOf<string>();
      },
    });
  });
});
