import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createIntercom, createLead, DEFAULT_API_VERSION } from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";

const winston = { email: "winstonsmith@truth.org", phone: "123987456", name: "Winston Smith" };

describe("createLead over HTTP", () => {
  const served = useFakeIntercom();

  it("sends POST /contacts with Intercom's headers and role lead, and returns the stored contact", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url });
    const lead = await intercom.createLead(winston);

    expect(served.fake.requests).toHaveLength(1);
    const [request] = served.fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/contacts", body: { ...winston, role: "lead" } });
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${served.token}`,
      accept: "application/json",
      "content-type": "application/json",
      "intercom-version": "2.14",
    });
    expect(served.fake.leads).toHaveLength(1);
    expect(lead).toEqual(served.fake.leads[0]!.body);
    expect(lead).toMatchObject({ type: "contact", role: "lead", ...winston });
  });

  it("pins the Intercom-Version it was given", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, apiVersion: "2.11" });
    expect(intercom.apiVersion).toBe("2.11");
    await intercom.createLead({ email: "a@b.co" });
    expect(served.fake.requests[0]!.headers["intercom-version"]).toBe("2.11");
  });

  it("API 1.x sends the body as given, without role, and returns the legacy lead shape", async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, apiVersion: "1.4" });
    const lead = await intercom.createLead({ ...winston, last_seen_user_agent: "Mozilla/5.0" });

    const [request] = served.fake.requests;
    expect(request!.body).toEqual({ ...winston, last_seen_user_agent: "Mozilla/5.0" });
    expect(request!.headers["intercom-version"]).toBe("1.4");
    expect(lead).toMatchObject({ type: "contact", anonymous: true, email: winston.email, name: winston.name });
    expect(typeof lead.user_id).toBe("string");
    expect(typeof lead.pseudonym).toBe("string");
    expect(lead.location_data.type).toBe("location_data");
    expect(lead).not.toHaveProperty("role");
    expect(served.fake.leads).toHaveLength(1);
  });

  it('strips a redundant role: "lead" from 1.x bodies', async () => {
    const intercom = createIntercom({ token: served.token, baseUrl: served.url, apiVersion: "1.4" });
    await intercom.createLead({ email: "a@b.co", role: "lead" } as never);
    expect(served.fake.requests[0]!.body).toEqual({ email: "a@b.co" });
  });

  it("passes unknown response fields through untouched", async () => {
    const lead = await createIntercom({ token: served.token, baseUrl: served.url }).createLead(winston);
    expect(Object.keys(lead).sort()).toEqual(Object.keys(served.fake.leads[0]!.body).sort());
  });

  it("createLead one-shot takes the same options", async () => {
    const lead = await createLead(
      { email: "julia@truth.org" },
      { token: served.token, baseUrl: served.url, apiVersion: "2.7" },
    );
    expect(lead.role).toBe("lead");
    expect(served.fake.requests[0]!.headers["intercom-version"]).toBe("2.7");
    expect(served.fake.leads).toHaveLength(1);
  });

  it("sends no Authorization header without a token (a proxy adds it)", async () => {
    const seen: Request[] = [];
    const intercom = createIntercom({
      baseUrl: served.url,
      fetch: async (request) => {
        seen.push(request.clone());
        return served.fake.fetch(request);
      },
    });
    await expect(intercom.createLead(winston)).rejects.toMatchObject({
      name: "IntercomApiError",
      status: 401,
      code: "unauthorized",
    });
    expect(seen[0]!.headers.has("authorization")).toBe(false);
    expect(intercom.hasToken).toBe(false);
  });

  it("keeps its own headers over the caller's, and adds the caller's others", async () => {
    const intercom = createIntercom({
      token: served.token,
      baseUrl: served.url,
      headers: { "x-client": "a", accept: "text/html", authorization: "Bearer stolen" },
    });
    await intercom.createLead(winston, { headers: { "x-call": "b", "Intercom-Version": "1.0" } });
    expect(served.fake.requests[0]!.headers).toMatchObject({
      "x-client": "a",
      "x-call": "b",
      accept: "application/json",
      authorization: `Bearer ${served.token}`,
      "intercom-version": DEFAULT_API_VERSION,
    });
  });

  it("a per-call header overrides the client's extra header of the same name", async () => {
    const intercom = createIntercom({
      token: served.token,
      baseUrl: served.url,
      headers: { "x-a": "client", "x-b": "client" },
    });
    await intercom.createLead(winston, { headers: { "x-a": "call" } });
    expect(served.fake.requests[0]!.headers).toMatchObject({ "x-a": "call", "x-b": "client" });
  });

  it("never puts the token on the client object", () => {
    const intercom = createIntercom({ token: "secret-token-123", baseUrl: served.url });
    expect(JSON.stringify(intercom)).not.toContain("secret-token-123");
    expect(inspect(intercom, { depth: 10, showHidden: true })).not.toContain("secret-token-123");
    expect(Object.values(intercom)).not.toContain("secret-token-123");
  });
});

describe("regions", () => {
  it.each([
    [undefined, "https://api.intercom.io/contacts"],
    ["us", "https://api.intercom.io/contacts"],
    ["eu", "https://api.eu.intercom.io/contacts"],
    ["au", "https://api.au.intercom.io/contacts"],
  ] as const)("region %s posts to %s", async (region, url) => {
    const urls: string[] = [];
    const intercom = createIntercom({
      token: "t",
      region,
      fetch: async (request) => {
        urls.push(request.url);
        return Response.json({ type: "contact", id: "1", role: "lead" });
      },
    });
    await intercom.createLead({ email: "a@b.co" });
    expect(urls).toEqual([url]);
    expect(intercom.baseUrl).toBe(url.replace("/contacts", ""));
  });
});
