import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeIntercom,
  type FakeIntercomOptions,
} from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterEach, beforeEach } from "vitest";
import { createLeadHandler, type LeadHandlerOptions } from "../../src/server/index.ts";

export const PAGE_ORIGIN = "https://shop.example";

/** The fake Intercom and the lead handler in front of it, each on its own loopback port. */
export interface LeadProxy {
  fake: FakeIntercom;
  fakeUrl: string;
  /** The handler's base, as a browser client's `baseUrl`: `http://127.0.0.1:<port>/api/intercom`. */
  proxyUrl: string;
  errors: unknown[];
  /** Posts to the handler as a page on `origin` would. */
  post(
    body: unknown,
    init?: { origin?: string | null; headers?: Record<string, string>; path?: string },
  ): Promise<Response>;
}

export function useLeadProxy(
  options: Partial<LeadHandlerOptions> = {},
  fakeOptions: FakeIntercomOptions = { rateLimit: { limit: 10_000, windowMs: 1000 } },
): LeadProxy {
  const servers: FakeIntercomServer[] = [];
  const proxy = { errors: [] } as unknown as LeadProxy;
  beforeEach(async () => {
    proxy.errors = [];
    proxy.fake = createFakeIntercom(fakeOptions);
    const fakeServer = await serveFakeIntercom(proxy.fake);
    proxy.fakeUrl = fakeServer.url;
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: fakeServer.url,
      allowedOrigins: [PAGE_ORIGIN],
      onError: (error) => proxy.errors.push(error),
      ...options,
    } as LeadHandlerOptions);
    const proxyServer = await serveFakeIntercom(handler);
    servers.push(fakeServer, proxyServer);
    proxy.proxyUrl = `${proxyServer.url}/api/intercom`;
  });
  proxy.post = (body, init = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
    const origin = init.origin === undefined ? PAGE_ORIGIN : init.origin;
    if (origin !== null) headers.origin = origin;
    return fetch(`${proxy.proxyUrl}${init.path ?? "/contacts"}`, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return proxy;
}
