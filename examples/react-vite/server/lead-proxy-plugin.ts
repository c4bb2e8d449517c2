import {
  createLeadHandler,
  type FetchHandler,
  type LeadEventListener,
  memoryIdempotencyStore,
  turnstile,
  type Verifier,
} from "@intercom-leads/core/server";
import { toNodeListener } from "@intercom-leads/core/server/node";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";
import type { Connect, Plugin, PreviewServer, ViteDevServer } from "vite";
import { createFakeSiteverify, type FakeSiteverify, TEST_SECRET_KEY } from "./fake-siteverify.ts";

/** Options of `intercomLeadsProxy`. */
export interface IntercomLeadsProxyOptions {
  /** Your Intercom access token. Without one, leads go to a fake Intercom on this machine. @default process.env.INTERCOM_TOKEN */
  token?: string;
  /** Your workspace's region. @default process.env.INTERCOM_REGION ?? "us" */
  region?: "us" | "eu" | "au";
  /** The fake Intercom to use when there is no token (a test passes its own to count leads). @default a new one */
  fake?: FakeIntercom;
  /**
   * Turnstile's secret key, used when the page shows the widget (VITE_TURNSTILE_SITE_KEY is set).
   * @default process.env.TURNSTILE_SECRET_KEY, or with the fake Intercom Cloudflare's test secret
   */
  turnstileSecretKey?: string;
  /**
   * The fake siteverify the proxy asks, with the fake Intercom (a test passes its own to see the checks).
   * With a real workspace the proxy asks Cloudflare. @default a new one
   */
  siteverify?: FakeSiteverify;
  /** Told what the handler did with each request (`createLeadHandler`'s `onEvent`). @default undefined */
  onEvent?: LeadEventListener;
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
 * the page's own origin is the only one allowed. A resent submission (same
 * `Idempotency-Key`) gets the lead already made; with VITE_TURNSTILE_SITE_KEY set,
 * each create needs a Turnstile token that passes `siteverify`. Logs one line per lead created
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

  /**
   * Turnstile's check when the page shows the widget (VITE_TURNSTILE_SITE_KEY, read by Vite from the
   * environment or a .env file): against the fake siteverify with the fake Intercom, never Cloudflare.
   */
  function humanCheck(server: ViteDevServer | PreviewServer): Verifier | undefined {
    if (!server.config.env.VITE_TURNSTILE_SITE_KEY) return undefined;
    const secretKey = options.turnstileSecretKey ?? process.env.TURNSTILE_SECRET_KEY ?? (token ? "" : TEST_SECRET_KEY);
    if (!secretKey)
      throw new Error("VITE_TURNSTILE_SITE_KEY is set: set TURNSTILE_SECRET_KEY too, the widget's secret key");
    const print = printer(server);
    if (token) {
      print("  Human check: Cloudflare Turnstile, tokens checked by Cloudflare's siteverify");
      return turnstile({ secretKey });
    }
    print("  Human check: Cloudflare Turnstile, tokens checked by a fake siteverify in this process");
    return turnstile({ secretKey, fetch: (options.siteverify ?? createFakeSiteverify(secretKey)).fetch });
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
        // A resent submission answered with the lead its first request made: nothing new was created.
        if (response.headers.get("idempotent-replayed") === "true") log(`lead resent, answered once more: ${lead.id}`);
        else log(leadCreatedLine(lead, upstreamName));
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
    const verify = humanCheck(server);
    // One Vite process, so this process's memory is enough to answer a resent submission (same
    // Idempotency-Key) with the lead already made; several server instances need a shared store.
    const idempotency = { store: memoryIdempotencyStore() };
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
            verify,
            idempotency,
            onEvent: options.onEvent,
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
