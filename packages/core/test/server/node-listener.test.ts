import { createServer, type Server } from "node:http";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, createLeadHandler } from "../../src/server/index.ts";
import { toNodeListener } from "../../src/server/node.ts";

describe("toNodeListener", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(listener);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it("passes the socket's peer address as Deno does, { remoteAddr: { hostname } }, which clientAddress reads", async () => {
    const seen: unknown[] = [];
    const url = await listen(
      toNodeListener(async (request, info) => {
        seen.push(info, clientAddress(request, info));
        return new Response("ok");
      }),
    );
    expect(await (await fetch(url)).text()).toBe("ok");
    expect(seen).toEqual([{ remoteAddr: { hostname: "127.0.0.1" } }, "127.0.0.1"]);
  });

  it("mounts the lead handler on a Node server: one lead created, the handler's answer written back", async () => {
    const fake = createFakeIntercom({ rateLimit: false });
    const handler = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      allowedOrigins: ["https://shop.example"],
      fetch: (request) => fake.fetch(request),
    });
    const url = await listen(toNodeListener(handler));
    const response = await fetch(`${url}/api/intercom/contacts`, {
      method: "POST",
      headers: { origin: "https://shop.example", "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.co" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(await response.json()).toMatchObject({ type: "contact", role: "lead", email: "a@b.co" });
    expect(fake.leads).toHaveLength(1);
  });

  it("sees the full URL under a Connect-style mount (originalUrl)", async () => {
    const seen: string[] = [];
    const listener = toNodeListener(async (request) => {
      seen.push(new URL(request.url).pathname);
      return new Response("ok");
    });
    const url = await listen((req, res) => {
      Object.assign(req, { originalUrl: req.url, url: req.url!.replace("/api/intercom", "") });
      listener(req, res);
    });
    await fetch(`${url}/api/intercom/contacts`, { method: "POST", body: "{}" });
    expect(seen).toEqual(["/api/intercom/contacts"]);
  });

  it("answers a throwing handler with a generic 500", async () => {
    const url = await listen(
      toNodeListener(async () => {
        throw new Error("secret internals");
      }),
    );
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret internals");
  });
});
