/**
 * The test-only HTTP harness: the fake Intercom from `@intercom-leads/core/testing` on a free
 * 127.0.0.1 port, plus what the runtimes need around it and nothing the published package ships:
 *
 * - `POST /__control/reset`: forget every lead, request and fault;
 * - `POST /__control/inject` `{ fault, times }`: queue a fault for the next create(s);
 * - `GET /__control/state`: `{ leads, statuses, requests }`, what the fake stored and answered;
 * - `GET /__runtime/<name>`: static assets (the Chromium page and its bundle), same origin as the fake;
 * - `GET /favicon.ico`: 204, so the browser's own request never reaches the fake.
 *
 * Everything else goes to `fake.fetch`.
 */
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeFault } from "@intercom-leads/core/testing";
import { serveFakeIntercom } from "@intercom-leads/core/testing/node";

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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export async function startHarness(options: { assets?: Record<string, Asset> } = {}): Promise<Harness> {
  // A 1-second window keeps "429 waited out" short: the client waits for X-RateLimit-Reset, at most ~1 s away.
  const fake = createFakeIntercom({ rateLimit: { limit: 1000, windowMs: 1000 } });
  const assets = new Map(Object.entries(options.assets ?? {}));

  async function controlRoute(route: string, request: Request): Promise<Response> {
    if (route === "state" && request.method === "GET") {
      const requests = fake.requests;
      return json(200, {
        leads: fake.leads.length,
        statuses: requests.map((recorded) => recorded.status),
        requests: requests.map((recorded) => `${recorded.method} ${recorded.path} -> ${String(recorded.status)}`),
      });
    }
    if (route === "reset" && request.method === "POST") {
      fake.reset();
      return json(200, { ok: true });
    }
    if (route === "inject" && request.method === "POST") {
      const body = (await request.json()) as { fault?: FakeFault; times?: number };
      if (typeof body.fault?.kind !== "string") return json(400, { error: "inject needs { fault: { kind }, times? }" });
      fake.inject(body.fault, { times: body.times ?? 1 });
      return json(200, { ok: true });
    }
    return json(404, { error: `no control route ${request.method} /__control/${route}` });
  }

  const server = await serveFakeIntercom(
    async (request) => {
      const { pathname } = new URL(request.url);
      try {
        if (pathname.startsWith("/__control/")) return await controlRoute(pathname.slice("/__control/".length), request);
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) });
      }
      // Chromium asks for a favicon on its own; it must not reach the fake and show up in its requests.
      if (pathname === "/favicon.ico") return new Response(null, { status: 204 });
      if (pathname.startsWith("/__runtime/")) {
        const asset = assets.get(pathname.slice("/__runtime/".length));
        if (!asset) return new Response("no such asset", { status: 404 });
        return new Response(asset.body, { headers: { "content-type": asset.contentType, "cache-control": "no-store" } });
      }
      return fake.fetch(request);
    },
    { port: 0, hostname: "127.0.0.1" },
  );

  return { url: server.url, token: FAKE_INTERCOM_TOKEN, close: () => server.close() };
}
