import { createIntercom, type IntercomClient, type IntercomOptions } from "@intercom-leads/core";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom, type FakeIntercomOptions } from "@intercom-leads/core/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/core/testing/node";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { afterEach, beforeEach } from "vitest";
import { IntercomLeadsProvider } from "../../src/index.ts";

/** A fresh fake Intercom on a loopback port, and a fresh QueryClient, for every test. */
export interface Backend {
  fake: FakeIntercom;
  url: string;
  queryClient: QueryClient;
  /** A browser's client: no token; its `fetch` plays the proxy that adds the token on the server side. */
  browserClient(options?: Omit<IntercomOptions, "fetch" | "baseUrl" | "token">): IntercomClient;
  /** A server's client, holding the token. */
  serverClient(options?: Omit<IntercomOptions, "baseUrl" | "token">): IntercomClient;
  wrapper(client: IntercomClient<any>): (props: { children: ReactNode }) => ReactNode;
}

export function useBackend(options?: FakeIntercomOptions): Backend {
  let server: FakeIntercomServer | undefined;
  const backend = {
    browserClient: (clientOptions = {}) =>
      createIntercom({
        ...clientOptions,
        baseUrl: backend.url,
        fetch: async (request: Request) => {
          const headers = new Headers(request.headers);
          headers.set("authorization", `Bearer ${FAKE_INTERCOM_TOKEN}`);
          return fetch(request.url, { method: request.method, headers, body: await request.text() || undefined, signal: request.signal });
        },
      }),
    serverClient: (clientOptions = {}) => createIntercom({ ...clientOptions, baseUrl: backend.url, token: FAKE_INTERCOM_TOKEN }),
    wrapper:
      (client: IntercomClient<any>) =>
      ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={backend.queryClient}>
          <IntercomLeadsProvider client={client}>{children}</IntercomLeadsProvider>
        </QueryClientProvider>
      ),
  } as Backend;
  beforeEach(async () => {
    backend.fake = createFakeIntercom(options);
    server = await serveFakeIntercom(backend.fake);
    backend.url = server.url;
    backend.queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });
  afterEach(async () => {
    backend.queryClient.clear();
    await server?.close();
  });
  return backend;
}
