import { createLeadHandler } from "@intercom-leads/core/server";
import { FAKE_INTERCOM_TOKEN } from "../constants.ts";
import { createControlRoutes } from "../control/control-routes.ts";
import { pickRoute } from "../control/pick-route.ts";
import { createFakeIntercom } from "../fake-intercom.ts";
import type { FakeIntercom, FakeIntercomOptions } from "../types.ts";
import type {
  FakeBackend,
  FakeBackendProxyOptions,
  ProxiedFakeBackend,
  ServeFakeBackendOptions,
} from "./fake-backend-types.ts";
import { type FakeIntercomServer, serveFakeIntercom } from "./serve-fake-intercom.ts";

/** Where the proxy is mounted, as in the README's deployments; its handler takes any path ending in `/contacts`. */
const PROXY_PATH = "/api/intercom";

function isFake(fake: FakeIntercom | FakeIntercomOptions): fake is FakeIntercom {
  return typeof (fake as Partial<FakeIntercom>).fetch === "function";
}

function tokenOf(options: ServeFakeBackendOptions): string {
  if (options.token !== undefined) return options.token;
  const fake = options.fake;
  if (fake === undefined || isFake(fake) || fake.token === undefined) return FAKE_INTERCOM_TOKEN;
  return (typeof fake.token === "string" ? fake.token : fake.token[0]) ?? FAKE_INTERCOM_TOKEN;
}

/**
 * Serves a fake Intercom on a loopback port with its control routes (`/__control/reset`, `/__control/inject`,
 * `/__control/state`; see `createControlRoutes`) and your own `routes` beside it, and, with `proxy`, the real lead
 * proxy from `@intercom-leads/core/server` in front of it on another port: a whole backend for a browser test,
 * a test in another runtime or process, or a benchmark, in one call.
 *
 * @example
 * const backend = await serveFakeBackend({ proxy: { allowedOrigins: ["http://localhost:3000"] } });
 * const browser = createIntercom({ baseUrl: backend.proxyUrl });             // in a page (jsdom, Chromium): through the proxy
 * const server = createIntercom({ token: backend.token, baseUrl: backend.url }); // straight to the fake
 * await fetch(`${backend.url}/__control/inject`, { method: "POST", body: JSON.stringify({ fault: { kind: "rate-limit" } }) });
 * await backend.close();
 */
export function serveFakeBackend(
  options: ServeFakeBackendOptions & { proxy: FakeBackendProxyOptions },
): Promise<ProxiedFakeBackend>;
/**
 * Serves a fake Intercom on a loopback port with its control routes and your own `routes`, and the lead proxy in
 * front of it when `proxy` is given (then `proxyUrl` is set). See the overload above.
 */
export function serveFakeBackend(options?: ServeFakeBackendOptions): Promise<FakeBackend>;
export async function serveFakeBackend(options: ServeFakeBackendOptions = {}): Promise<FakeBackend> {
  const fake = options.fake !== undefined && isFake(options.fake) ? options.fake : createFakeIntercom(options.fake);
  const token = tokenOf(options);
  const routes = { ...createControlRoutes(fake), ...options.routes };
  const servers: FakeIntercomServer[] = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= Promise.all(servers.map((server) => server.close())).then(() => undefined);
    return closing;
  };

  try {
    const upstream = await serveFakeIntercom(
      async (request) => {
        const route = pickRoute(routes, new URL(request.url).pathname);
        return route ? route(request) : fake.fetch(request);
      },
      { port: options.port ?? 0, hostname: options.hostname ?? "127.0.0.1" },
    );
    servers.push(upstream);
    let proxyUrl: string | undefined;
    if (options.proxy) {
      const handler = createLeadHandler({ ...options.proxy, token, baseUrl: upstream.url });
      const proxy = await serveFakeIntercom(handler, { port: 0, hostname: options.hostname ?? "127.0.0.1" });
      servers.push(proxy);
      proxyUrl = `${proxy.url}${PROXY_PATH}`;
    }
    return { fake, url: upstream.url, proxyUrl, token, close };
  } catch (error) {
    // A port already taken must not leave the other server running.
    await close();
    throw error;
  }
}
