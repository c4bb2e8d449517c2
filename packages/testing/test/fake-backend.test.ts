import { createIntercom, isIntercomApiError } from "@intercom-leads/core";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "../src/index.ts";
import {
  type FakeBackend,
  type FakeControlState,
  type ServeFakeBackendOptions,
  serveFakeBackend,
} from "../src/node.ts";

const PAGE_ORIGIN = "http://localhost:3000";
const HEADERS: Record<string, string> = {
  authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
  accept: "application/json",
  "content-type": "application/json",
};

let backend: FakeBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function start(options?: ServeFakeBackendOptions): Promise<FakeBackend> {
  backend = await serveFakeBackend(options);
  return backend;
}

function createLead(url: string, body: unknown = { role: "lead", email: "a@b.co" }): Promise<Response> {
  return fetch(`${url}/contacts`, { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
}

function control(url: string, route: string, body?: unknown): Promise<Response> {
  const init =
    body === undefined
      ? { method: "GET" }
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  return fetch(`${url}/__control/${route}`, init);
}

async function stateOf(url: string): Promise<FakeControlState> {
  return (await (await control(url, "state")).json()) as FakeControlState;
}

describe("serveFakeBackend: the fake over HTTP", () => {
  it("serves a new fake on a loopback port, with its token", async () => {
    const { url, token, fake, proxyUrl } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toBe(FAKE_INTERCOM_TOKEN);
    expect(proxyUrl).toBeUndefined();
    expect((await createLead(url)).status).toBe(200);
    expect(fake.leads).toHaveLength(1);
  });

  it("serves the fake it is given, or one made from the options, whose token it reports", async () => {
    const given = createFakeIntercom({ rateLimit: false });
    expect((await start({ fake: given })).fake).toBe(given);
    await backend!.close();

    const { url, token } = await start({ fake: { token: ["first", "second"] } });
    expect(token).toBe("first");
    const response = await fetch(`${url}/contacts`, {
      method: "POST",
      headers: { ...HEADERS, authorization: "Bearer first" },
      body: JSON.stringify({ role: "lead" }),
    });
    expect(response.status).toBe(200);
  });

  it("close() stops it, and is safe to call twice", async () => {
    const { url, close } = await start();
    await close();
    await close();
    await expect(createLead(url)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("serveFakeBackend: the control routes", () => {
  it("state: leads held, statuses and the request log, without the control requests themselves", async () => {
    const { url, fake } = await start();
    await createLead(url);
    await createLead(url, { role: "lead", email: "not an address" });
    const state = await stateOf(url);
    expect(state.leads).toBe(1);
    expect(state.statuses).toEqual([200, 400]);
    expect(state.requests).toEqual([
      { at: expect.any(Number), method: "POST", path: "/contacts", status: 200 },
      { at: expect.any(Number), method: "POST", path: "/contacts", status: 400 },
    ]);
    expect(fake.requests).toHaveLength(2);
  });

  it("inject: queues a fault for the route and the times asked, creates by default", async () => {
    const { url, fake } = await start({ fake: { rateLimit: false } });
    expect(
      await (
        await control(url, "inject", { fault: { kind: "server-error", status: 503, stored: true }, times: 2 })
      ).json(),
    ).toEqual({ ok: true });
    expect((await createLead(url)).status).toBe(503);
    expect((await createLead(url)).status).toBe(503);
    expect((await createLead(url)).status).toBe(200);
    expect(fake.leads).toHaveLength(3);

    await control(url, "inject", { fault: { kind: "rate-limit" }, route: "search" });
    const search = await fetch(`${url}/contacts/search`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({ query: { field: "email", operator: "=", value: "a@b.co" } }),
    });
    expect(search.status).toBe(429);
  });

  it.each([
    ["a body that is not JSON", "{", /inject takes a JSON body/],
    ["a body without a fault", JSON.stringify({ times: 1 }), /inject takes a JSON body/],
    [
      "a fault the fake refuses",
      JSON.stringify({ fault: { kind: "rate-limit" }, times: 0 }),
      /times must be a whole number/,
    ],
    [
      "a stored fault on the search route",
      JSON.stringify({ fault: { kind: "drop-connection", stored: true }, route: "search" }),
      /searches store nothing/,
    ],
  ])("inject: answers 400 with the reason for %s", async (_, body, reason) => {
    const { url } = await start();
    const response = await fetch(`${url}/__control/inject`, { method: "POST", body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
  });

  it("reset: forgets leads, requests and queued faults", async () => {
    const { url } = await start();
    await createLead(url);
    await control(url, "inject", { fault: { kind: "rate-limit" } });
    expect(await (await control(url, "reset", {})).json()).toEqual({ ok: true });
    expect(await stateOf(url)).toEqual({ leads: 0, statuses: [], requests: [] });
    expect((await createLead(url)).status).toBe(200);
  });

  it("answers 405 for the wrong method and 404 for an unknown control route, neither reaching the fake", async () => {
    const { url, fake } = await start();
    const wrongMethod = await fetch(`${url}/__control/reset`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect((await fetch(`${url}/__control/stats`)).status).toBe(404);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("serveFakeBackend: routes of your own", () => {
  it("answers a path, or every path below a prefix (the longest wins), before the control routes and the fake", async () => {
    const { url, fake } = await start({
      routes: {
        "/favicon.ico": () => new Response(null, { status: 204 }),
        "/assets/": (request) => new Response(`asset ${new URL(request.url).pathname}`),
        "/assets/private/": () => new Response("private", { status: 403 }),
        "/__control/state": () => new Response("replaced"),
      },
    });
    expect((await fetch(`${url}/favicon.ico`)).status).toBe(204);
    expect(await (await fetch(`${url}/assets/page.html`)).text()).toBe("asset /assets/page.html");
    expect((await fetch(`${url}/assets/private/key`)).status).toBe(403);
    expect(await (await fetch(`${url}/__control/state`)).text()).toBe("replaced");
    expect((await fetch(`${url}/assets`, { headers: HEADERS })).status).toBe(404);
    expect(fake.requests.map((request) => request.path)).toEqual(["/assets"]);
  });
});

describe("serveFakeBackend: the lead proxy in front of the fake", () => {
  it("serves createLeadHandler on its own port, pointed at the fake with its token", async () => {
    const { url, proxyUrl, fake } = await start({
      proxy: { allowedOrigins: [PAGE_ORIGIN], fields: ["email", "name"] },
    });
    expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/intercom$/);
    expect(new URL(proxyUrl!).origin).not.toBe(url);

    const browser = createIntercom({ baseUrl: proxyUrl!, headers: { origin: PAGE_ORIGIN } });
    const lead = await browser.createLead({ email: "winstonsmith@truth.org", name: "Winston Smith" });
    expect(lead).toMatchObject({ role: "lead", email: "winstonsmith@truth.org" });
    expect(fake.leads.map((stored) => stored.id)).toEqual([lead.id]);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${FAKE_INTERCOM_TOKEN}`);
  });

  it("applies the proxy's options: an origin it does not allow is refused before the fake", async () => {
    const { proxyUrl, fake } = await start({ proxy: { allowedOrigins: [PAGE_ORIGIN] } });
    const stranger = createIntercom({ baseUrl: proxyUrl, headers: { origin: "https://elsewhere.example" } });
    const error: unknown = await stranger.createLead({ email: "a@b.co" }).catch((rejection: unknown) => rejection);
    expect(isIntercomApiError(error) && error.status).toBe(403);
    expect(fake.requests).toHaveLength(0);
  });
});
