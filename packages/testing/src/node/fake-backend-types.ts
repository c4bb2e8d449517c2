import type { LeadHandlerOptions } from "@intercom-leads/core/server";
import type { FakeBackendRoutes } from "../control/types.ts";
import type { FakeIntercom, FakeIntercomOptions } from "../types.ts";

/**
 * The lead proxy's options (`createLeadHandler`'s), less its upstream: `serveFakeBackend` points it at the fake
 * with the fake's token. `allowedOrigins` is required, as it is in production.
 */
export type FakeBackendProxyOptions = Omit<LeadHandlerOptions, "token" | "client" | "baseUrl" | "region">;

/** Options of `serveFakeBackend`. */
export interface ServeFakeBackendOptions {
  /**
   * The fake to serve, or the options to create one with.
   * @default a new fake with `createFakeIntercom`'s defaults
   */
  fake?: FakeIntercom | FakeIntercomOptions;
  /**
   * The token the proxy sends upstream, and `backend.token`. Set it when you pass a ready fake that takes another token.
   * @default the `token` of the fake's options when given (the first, of several), else `FAKE_INTERCOM_TOKEN`
   */
  token?: string;
  /**
   * Also serves the real lead proxy (`createLeadHandler` from `@intercom-leads/core/server`) on a port of its own,
   * in front of the fake, at `backend.proxyUrl`: what a browser's client talks to.
   * @default false
   */
  proxy?: FakeBackendProxyOptions | false;
  /**
   * Routes of your own on the fake's origin, such as static assets for a browser page (which must share the
   * fake's origin: Intercom, and so the fake, sends no CORS headers). Tried before the control routes (a key of
   * the same path replaces one) and the fake.
   * @default {}
   */
  routes?: FakeBackendRoutes;
  /**
   * The fake's port; `0` picks a free one. The proxy always gets a free one.
   * @default 0
   */
  port?: number;
  /**
   * The address both servers listen on. Loopback by default, so tests never expose them to the network.
   * @default "127.0.0.1"
   */
  hostname?: string;
}

/** A fake Intercom over HTTP with its control routes, and the lead proxy in front of it when asked for. */
export interface FakeBackend {
  /** The fake itself, to inspect and drive in-process. */
  readonly fake: FakeIntercom;
  /**
   * The fake's origin, e.g. `"http://127.0.0.1:53211"`: a server-side client's `baseUrl`, and where the control
   * routes (`/__control/*`) and your `routes` are.
   */
  readonly url: string;
  /** The proxy's base, `http://127.0.0.1:<port>/api/intercom`: a browser client's `baseUrl`. `undefined` without `proxy`. */
  readonly proxyUrl: string | undefined;
  /** The token the fake takes (and the proxy sends). */
  readonly token: string;
  /** Stops both servers and drops every connection. Safe to call twice. */
  close(): Promise<void>;
}

/** A `FakeBackend` started with `proxy`: its `proxyUrl` is always there. */
export interface ProxiedFakeBackend extends FakeBackend {
  readonly proxyUrl: string;
}
