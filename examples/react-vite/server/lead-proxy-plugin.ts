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

/** Where the page asks which Intercom the proxy talks to (a demo-only route: production has none). */
export const DEMO_INFO_PATH = `${PROXY_PATH}/__demo`;

/** What `GET /api/intercom/__demo` answers. */
export interface DemoInfo {
  /** `"fake"`: the fake Intercom from `@intercom-leads/testing` on this machine; `"intercom"`: your workspace. */
  upstream: "fake" | "intercom";
  region: "us" | "eu" | "au";
}

/** One line for a created lead, from the proxy's answer (the whole lead, or a summary). */
export function leadCreatedLine(lead: { id?: unknown; email?: unknown; name?: unknown }, upstream: string): string {
  const who = [lead.email, lead.name].filter((part) => typeof part === "string" && part !== "").join(", ");
  return `lead created in ${upstream}: ${String(lead.id)}${who ? ` (${who})` : ""}`;
}

/**
 * Mounts `@intercom-leads/core/server`'s lead handler at /api/intercom on
 * Vite's dev and preview servers: the token stays in this Node process, and
 * the page's own origin is the only one allowed. Logs one line per lead created
 * and per failure, and answers `GET /api/intercom/__demo` with which Intercom it uses.
 */
export function intercomLeadsProxy(options: IntercomLeadsProxyOptions = {}): Plugin {
  const token = options.token ?? process.env.INTERCOM_TOKEN;
  const region = options.region ?? (process.env.INTERCOM_REGION as IntercomLeadsProxyOptions["region"]) ?? "us";
  const info: DemoInfo = { upstream: token ? "intercom" : "fake", region };
  const upstreamName = token ? "your Intercom workspace" : "the fake Intercom";

  /**
   * Prints a line whatever Vite's own `logLevel` (the demo sets "warn" to keep Vite's chatter out),
   * except "silent", which tests use.
   */
  function printer(server: ViteDevServer | PreviewServer): (line: string) => void {
    return server.config.logLevel === "silent" ? () => {} : (line) => console.log(line);
  }

  async function upstream(
    server: ViteDevServer | PreviewServer,
  ): Promise<{ token: string; baseUrl?: string; region: typeof region }> {
    const print = printer(server);
    if (token) {
      print(`  Intercom: creating real leads in your workspace (region ${region})`);
      return { token, region };
    }
    const fake = await serveFakeIntercom(options.fake ?? createFakeIntercom());
    server.httpServer?.once("close", () => void fake.close());
    print(
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

  /** The handler, with one terminal line for each lead it created. */
  function logged(handler: FetchHandler, log: (line: string) => void): FetchHandler {
    return async (request) => {
      const response = await handler(request);
      if (request.method === "POST" && response.ok) {
        const lead = await response
          .clone()
          .json()
          .catch(() => ({}));
        log(leadCreatedLine(lead, upstreamName));
      }
      return response;
    };
  }

  /** Replaces Vite's banner (hidden under logLevel "warn") with the one URL to open. */
  function printUrl(server: ViteDevServer | PreviewServer): void {
    const print = printer(server);
    server.printUrls = () => {
      const [url] = server.resolvedUrls?.local ?? [];
      if (url) print(`\n  Lead form: ${url}   (open it in your browser; Ctrl+C stops)\n`);
    };
  }

  function mount(server: ViteDevServer | PreviewServer, middlewares: Connect.Server): void {
    const ready = upstream(server);
    const print = printer(server);
    const log = (line: string) => print(`  ${new Date().toLocaleTimeString()} ${line}`);
    let handler: Promise<FetchHandler> | undefined;
    const listener = toNodeListener(async (request) => {
      handler ??= ready.then((settings) =>
        logged(
          createLeadHandler({
            ...settings,
            allowedOrigins: pageOrigins(server),
            fields: ["email", "name", "phone", "custom_attributes.marketing_consent"],
            onError: (error) => log(`lead not created: ${error instanceof Error ? error.message : String(error)}`),
          }),
          log,
        ),
      );
      return (await handler)(request);
    });
    middlewares.use(DEMO_INFO_PATH, (request, response, next) => {
      if (request.method !== "GET") return next();
      response.setHeader("content-type", "application/json");
      response.setHeader("cache-control", "no-store");
      response.end(JSON.stringify(info));
    });
    middlewares.use(PROXY_PATH, listener);
    printUrl(server);
  }

  return {
    name: "intercom-leads-proxy",
    configureServer: (server) => mount(server, server.middlewares),
    configurePreviewServer: (server) => mount(server, server.middlewares),
  };
}
