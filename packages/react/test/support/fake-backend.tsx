import {
  type AnyIntercomClient,
  createIntercom,
  type IntercomClient,
  type IntercomOptions,
} from "@intercom-leads/core";
import type { FakeIntercom, FakeIntercomOptions } from "@intercom-leads/testing";
import { type FakeBackendProxyOptions, type ProxiedFakeBackend, serveFakeBackend } from "@intercom-leads/testing/node";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { afterEach, beforeEach } from "vitest";
import { IntercomLeadsProvider } from "../../src/index.ts";

/** The page's origin, as jsdom reports it and the proxy allows it. */
export const PAGE_ORIGIN: string = "http://localhost:3000";

/**
 * For every test: a fresh fake Intercom on a loopback port, the real lead
 * proxy (`@intercom-leads/core/server`) in front of it on another, and a
 * fresh QueryClient.
 */
export interface Backend {
  fake: FakeIntercom;
  url: string;
  proxyUrl: string;
  queryClient: QueryClient;
  /** A browser's client: no token, talking to the proxy as a page on PAGE_ORIGIN. */
  browserClient(options?: Omit<IntercomOptions, "baseUrl" | "token" | "apiVersion">): IntercomClient;
  /** A server's client, holding the token, talking to Intercom (the fake) directly. */
  serverClient(options?: Omit<IntercomOptions, "baseUrl" | "token" | "apiVersion">): IntercomClient;
  wrapper(client: AnyIntercomClient): (props: { children: ReactNode }) => ReactNode;
}

export function useBackend(options?: FakeIntercomOptions, proxyOptions?: Partial<FakeBackendProxyOptions>): Backend {
  let served: ProxiedFakeBackend | undefined;
  const backend = {
    // Node's fetch lets a test set Origin, which a browser sets by itself.
    browserClient: (clientOptions = {}) =>
      createIntercom({ ...clientOptions, baseUrl: backend.proxyUrl, headers: { origin: PAGE_ORIGIN } }),
    serverClient: (clientOptions = {}) =>
      createIntercom({ ...clientOptions, baseUrl: backend.url, token: served?.token }),
    wrapper:
      (client: AnyIntercomClient) =>
      ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={backend.queryClient}>
          <IntercomLeadsProvider client={client}>{children}</IntercomLeadsProvider>
        </QueryClientProvider>
      ),
  } as Backend;
  beforeEach(async () => {
    served = await serveFakeBackend({
      fake: options,
      proxy: {
        allowedOrigins: [PAGE_ORIGIN],
        fields: ["email", "name", "phone", "custom_attributes.marketing_consent"],
        ...proxyOptions,
      },
    });
    backend.fake = served.fake;
    backend.url = served.url;
    backend.proxyUrl = served.proxyUrl;
    backend.queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });
  afterEach(async () => {
    backend.queryClient.clear();
    await served?.close();
  });
  return backend;
}
