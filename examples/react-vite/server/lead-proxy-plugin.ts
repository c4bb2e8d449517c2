import { createLeadHandler, type FetchHandler } from "@intercom-leads/core/server";
import { toNodeListener } from "@intercom-leads/core/server/node";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";
import type { Connect, Plugin, PreviewServer, ViteDevServer } from "vite";

/** Options of `intercomLeadsProxy`. */
export interface IntercomLeadsProxyOptions {
  /** Your Intercom access token. Without one, leads go to a fake Intercom on this machine. @default process.env.INTERCOM_TOKEN */
  token?: string;
  /** Your workspace's region. @default process.env.INTERCOM_REGION ?? "us" */
  region?: "us" | "eu" | "au";
  /** The fake Intercom to use when there is no token (a test passes its own to count leads). @default a new one */
  fake?: FakeIntercom;
}

/** The route the page's client posts to. */
export const PROXY_PATH = "/api/intercom";

/**
 * Mounts `@intercom-leads/core/server`'s lead handler at /api/intercom on
 * Vite's dev and preview servers: the token stays in this Node process, and
 * the page's own origin is the only one allowed.
 */
export function intercomLeadsProxy(options: IntercomLeadsProxyOptions = {}): Plugin {
  const token = options.token ?? process.env.INTERCOM_TOKEN;
  const region = options.region ?? (process.env.INTERCOM_REGION as IntercomLeadsProxyOptions["region"]) ?? "us";

  async function upstream(
    server: ViteDevServer | PreviewServer,
  ): Promise<{ token: string; baseUrl?: string; region: typeof region }> {
    if (token) {
      server.config.logger.info(`  Intercom: creating real leads in your workspace (region ${region})`);
      return { token, region };
    }
    const fake = await serveFakeIntercom(options.fake ?? createFakeIntercom());
    server.httpServer?.once("close", () => void fake.close());
    server.config.logger.info(
      `  Intercom: no INTERCOM_TOKEN set, so leads go to a fake Intercom at ${fake.url} (nothing leaves this machine)`,
    );
    return { token: FAKE_INTERCOM_TOKEN, baseUrl: fake.url, region };
  }

  /** The page's origins, known once the server listens: localhost and 127.0.0.1 on its port. */
  function pageOrigins(server: ViteDevServer | PreviewServer): string[] {
    const urls = [...(server.resolvedUrls?.local ?? []), ...(server.resolvedUrls?.network ?? [])];
    const origins = new Set<string>();
    for (const url of urls) {
      const { protocol, port, origin } = new URL(url);
      origins.add(origin);
      origins.add(`${protocol}//localhost:${port}`);
      origins.add(`${protocol}//127.0.0.1:${port}`);
    }
    return [...origins];
  }

  function mount(server: ViteDevServer | PreviewServer, middlewares: Connect.Server): void {
    const ready = upstream(server);
    let handler: Promise<FetchHandler> | undefined;
    const listener = toNodeListener(async (request) => {
      handler ??= ready.then((settings) =>
        createLeadHandler({
          ...settings,
          allowedOrigins: pageOrigins(server),
          fields: ["email", "name", "phone", "custom_attributes.marketing_consent"],
        }),
      );
      return (await handler)(request);
    });
    middlewares.use(PROXY_PATH, listener);
  }

  return {
    name: "intercom-leads-proxy",
    configureServer: (server) => mount(server, server.middlewares),
    configurePreviewServer: (server) => mount(server, server.middlewares),
  };
}
