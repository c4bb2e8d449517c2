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
    expect([...trapped.headers.keys()].sort()).toEqual([...real.headers.keys()].sort());
    for (const name of ["content-type", "cache-control", "access-control-allow-origin", "vary"])
      expect(trapped.headers.get(name)).toBe(real.headers.get(name));
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

  it("a filled honeypot hides every other refusal that follows it: fields outside the allowlist too", async () => {
    const response = await proxy.post({ email: "bot@spam.example", owner_id: 1, website: "x" });
    expect(response.status).toBe(200);
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
