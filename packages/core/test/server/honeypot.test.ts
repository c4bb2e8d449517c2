import { describe, expect, it } from "vitest";
import { IntercomConfigError } from "../../src/index.ts";
import { createLeadHandler, type LeadHandlerEvent } from "../../src/server/index.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";

const lead = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

describe("createLeadHandler with honeypot", () => {
  const events: LeadHandlerEvent[] = [];
  const proxy = useLeadProxy({ honeypot: "website", onEvent: (event) => events.push(event) });

  it("answers a filled honeypot exactly as a success looks, creating nothing", async () => {
    const real = await proxy.post({ ...lead, website: "" });
    const trapped = await proxy.post({ ...lead, email: "bot@spam.example", website: "https://spam.example" });
    expect(trapped.status).toBe(real.status);
    // Every header the same, by name and value, but the two that differ between any two successes.
    const comparable = (response: Response) =>
      Object.fromEntries([...response.headers].filter(([name]) => name !== "date" && name !== "content-length"));
    expect([...trapped.headers.keys()].sort()).toEqual([...real.headers.keys()].sort());
    expect(comparable(trapped)).toEqual(comparable(real));
    expect(comparable(real)).toMatchObject({
      "content-type": "application/json",
      "cache-control": "no-store",
      "access-control-allow-origin": PAGE_ORIGIN,
    });
    const realBody = (await real.json()) as Record<string, unknown>;
    const trappedBody = (await trapped.json()) as Record<string, unknown>;
    expect(Object.keys(trappedBody).sort()).toEqual(Object.keys(realBody).sort());
    expect(trappedBody).toEqual({
      type: "contact",
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      role: "lead",
      email: "bot@spam.example",
      name: lead.name,
      phone: lead.phone,
      created_at: expect.any(Number),
    });
    expect(trappedBody.id).not.toBe(realBody.id);
    // Only the person's lead exists, and the honeypot field never went upstream.
    expect(proxy.fake.leads).toHaveLength(1);
    expect(proxy.fake.requests).toHaveLength(1);
    expect(proxy.fake.requests[0]!.body).toEqual({ ...lead, role: "lead" });
    expect(events.map((event) => event.type === "refused" && event.reason)).toEqual([false, "honeypot"]);
    expect(events[1]).toEqual({ type: "refused", reason: "honeypot", status: 200, ms: expect.any(Number) });
  });

  it("takes only a blank or absent field as empty; any other value is a bot", async () => {
    for (const website of [null, "   "]) expect((await proxy.post({ ...lead, website })).status).toBe(200);
    for (const website of ["x", 0, false, {}, []]) expect((await proxy.post({ ...lead, website })).status).toBe(200);
    expect(proxy.fake.leads).toHaveLength(2);
  });

  it("a filled honeypot gets the refusals a person would get before the create: it cannot be found by them", async () => {
    const outside = await proxy.post({ email: "bot@spam.example", owner_id: 1, website: "x" });
    expect([outside.status, await outside.json()]).toEqual([
      400,
      {
        type: "error.list",
        errors: [{ code: "parameter_not_allowed", message: "Not allowed from a browser", field: "owner_id" }],
        fields: ["owner_id"],
      },
    ]);
    const invalid = await proxy.post({ email: "not an email", website: "x" });
    const person = await proxy.post({ email: "not an email" });
    expect([invalid.status, await invalid.text()]).toEqual([person.status, await person.text()]);
    expect(invalid.status).toBe(422);
    expect(proxy.fake.requests).toHaveLength(0);
  });

  it("a resent Idempotency-Key gets the same lookalike again, replayed", async () => {
    const headers = { "idempotency-key": "bot-key-1" };
    const first = await proxy.post({ ...lead, website: "x" }, { headers });
    const again = await proxy.post({ ...lead, website: "x" }, { headers });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());
    expect(proxy.fake.requests).toHaveLength(0);
  });
});

describe("createLeadHandler with honeypot and verify", () => {
  const proxy = useLeadProxy({
    honeypot: "website",
    verify: (request) => request.headers.get("x-verification-token") === "human",
  });

  it("answers a bot without a token 403 whether or not it filled the field, so the 200 gives the field away to none", async () => {
    const plain = await proxy.post(lead);
    const trapped = await proxy.post({ ...lead, website: "x" });
    expect([plain.status, trapped.status]).toEqual([403, 403]);
    expect(await trapped.text()).toBe(await plain.text());
    const verifiedBot = await proxy.post({ ...lead, website: "x" }, { headers: { "x-verification-token": "human" } });
    expect(verifiedBot.status).toBe(200);
    expect(proxy.fake.requests).toHaveLength(0);
  });
});

describe("createLeadHandler with honeypot and respondWith", () => {
  const proxy = useLeadProxy({ honeypot: "website", respondWith: (created) => ({ thanks: true, ref: created.id }) });

  it("shows the bot the configured view of a lookalike lead", async () => {
    const response = await proxy.post({ ...lead, website: "x" });
    expect(await response.json()).toEqual({ thanks: true, ref: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(proxy.fake.requests).toHaveLength(0);
  });
});

describe("honeypot configuration", () => {
  it.each(["", "role", 7])("refuses honeypot %o", (honeypot) => {
    expect(() =>
      createLeadHandler({ token: "t", allowedOrigins: [PAGE_ORIGIN], honeypot: honeypot as string }),
    ).toThrow(new IntercomConfigError("honeypot must be the name of a form field"));
  });
});
