import { type Contact, createIntercom, IntercomNetworkError, isIntercomNetworkError } from "@intercom-leads/core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom, toMswResolver } from "../src/index.ts";

const INTERCOM = "https://api.intercom.io";

describe("toMswResolver: the fake mounted in MSW 2.x (msw/node setupServer)", () => {
  let fake: FakeIntercom = createFakeIntercom();
  const server = setupServer(http.all(`${INTERCOM}/*`, (info) => toMswResolver(fake)(info)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(() => {
    fake = createFakeIntercom({ rateLimit: false });
  });
  afterEach(() => server.resetHandlers());

  it("creates a lead through core's client, as on Intercom's own host", async () => {
    // Created after server.listen(), so the fetch it captures is the one MSW patched.
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN });
    const lead = await intercom.createLead({ email: "winston@truth.org" });

    expect(lead).toMatchObject({ type: "contact", role: "lead", email: "winston@truth.org", owner_id: null });
    expect(fake.leads.map((stored) => stored.body)).toEqual([lead]);
    expect(fake.requests.map(({ method, url, status, apiVersion }) => ({ method, url, status, apiVersion }))).toEqual([
      { method: "POST", url: `${INTERCOM}/contacts`, status: 200, apiVersion: "2.14" },
    ]);
    expect(await intercom.getLead(lead.id)).toEqual(lead);
  });

  it.each([
    [false, 0],
    [true, 1],
  ])(
    "drop-connection stored=%s is a network error for the client (IntercomNetworkError), and the fake holds %i lead",
    async (stored, leads) => {
      const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN });
      fake.inject({ kind: "drop-connection", stored });

      const error: unknown = await intercom.createLead({ email: "julia@truth.org" }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(IntercomNetworkError);
      // A lost connection after sending: the lead may exist, and the client does not resend it.
      expect(isIntercomNetworkError(error) && error.maybeCreated).toBe(true);
      expect(fake.leads).toHaveLength(leads);
      expect(fake.requests.map((request) => request.status)).toEqual([undefined]);
    },
  );

  const createRequest = (): RequestInit => ({
    method: "POST",
    headers: {
      authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
      accept: "application/json",
      "content-type": "application/json",
    },
    body: JSON.stringify({ role: "lead" }),
  });

  it("turns the fault into Response.error(), which is what MSW's HttpResponse.error() returns", async () => {
    fake.inject({ kind: "drop-connection", stored: false });
    const answer = await toMswResolver(fake)({ request: new Request(`${INTERCOM}/contacts`, createRequest()) });
    expect(answer.type).toBe("error");
    expect(answer.type).toBe(HttpResponse.error().type);
    expect(answer.status).toBe(0);
  });

  it("makes fetch reject with a TypeError, never answer a 500 with a stack trace", async () => {
    fake.inject({ kind: "drop-connection", stored: false });
    await expect(fetch(`${INTERCOM}/contacts`, createRequest())).rejects.toBeInstanceOf(TypeError);
  });

  it("is needed: a resolver that only calls fake.fetch lets MSW answer the fault with a 500 and a stack", async () => {
    server.use(http.all(`${INTERCOM}/*`, ({ request }) => fake.fetch(request)));
    fake.inject({ kind: "drop-connection", stored: false });
    // MSW also prints the exception; kept out of the test's output.
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    onTestFinished(() => printed.mockRestore());
    const answer = await fetch(`${INTERCOM}/contacts`, createRequest());
    expect(answer.status).toBe(500);
    expect(await answer.json()).toMatchObject({
      name: "TypeError",
      message: "fetch failed",
      stack: expect.any(String),
    });
    expect(printed).toHaveBeenCalled();
  });

  it("passes every other answer through untouched: errors, HTML pages, lists", async () => {
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN });
    const lead: Contact = await intercom.createLead({ email: "obrien@truth.org" });
    const headers = { authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`, accept: "*/*" };

    const listed = await fetch(`${INTERCOM}/contacts`, { headers });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: Contact[] }).data.map((contact) => contact.id)).toEqual([lead.id]);

    const unauthorized = await fetch(`${INTERCOM}/contacts`, { headers: { accept: "*/*" } });
    expect(unauthorized.status).toBe(401);

    fake.inject({ kind: "html-502" });
    const page = await fetch(`${INTERCOM}/contacts`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{}",
    });
    expect(page.status).toBe(502);
    expect(page.headers.get("content-type")).toBe("text/html");
  });
});
