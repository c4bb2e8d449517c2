/**
 * The test-only HTTP harness: `serveFakeBackend` from `@intercom-leads/testing/node` on a free 127.0.0.1
 * port (the fake Intercom and its control routes, `/__control/reset|inject|state`, which the suite drives),
 * plus what the browser needs beside it on the same origin:
 *
 * - `GET /__runtime/<name>`: static assets (the Chromium page and its bundle);
 * - `GET /favicon.ico`: 204, so the browser's own request never reaches the fake.
 */
import { serveFakeBackend } from "@intercom-leads/testing/node";

export interface Asset {
  readonly body: string;
  readonly contentType: string;
}

export interface Harness {
  /** The origin, e.g. `http://127.0.0.1:41234`: the fake's base URL and the control routes' origin. */
  readonly url: string;
  /** The token the fake accepts. */
  readonly token: string;
  close(): Promise<void>;
}

const ASSETS_PREFIX = "/__runtime/";

export async function startHarness(options: { assets?: Record<string, Asset> } = {}): Promise<Harness> {
  const assets = new Map(Object.entries(options.assets ?? {}));
  return serveFakeBackend({
    // A 1-second window keeps "429 waited out" short: the client waits for X-RateLimit-Reset, at most ~1 s away.
    fake: { rateLimit: { limit: 1000, windowMs: 1000 } },
    routes: {
      // Chromium asks for a favicon on its own; it must not reach the fake and show up in its requests.
      "/favicon.ico": () => new Response(null, { status: 204 }),
      [ASSETS_PREFIX]: (request) => {
        const asset = assets.get(new URL(request.url).pathname.slice(ASSETS_PREFIX.length));
        if (!asset) return new Response("no such asset", { status: 404 });
        return new Response(asset.body, {
          headers: { "content-type": asset.contentType, "cache-control": "no-store" },
        });
      },
    },
  });
}
