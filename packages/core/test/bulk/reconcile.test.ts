import { describe, expect, it } from "vitest";
import { createIntercom, IntercomApiError } from "../../src/index.ts";
import { useFakeIntercom } from "../support/use-fake-intercom.ts";

describe("reconcile: an ambiguous create is looked up before it is sent again", () => {
  // Intercom's search lags behind creates; the fake makes a contact searchable 400 ms after it is stored.
  const served = useFakeIntercom({ rateLimit: false, searchLagMs: 400 });
  const client = (apiVersion: "2.14" | "1.4" = "2.14") => createIntercom({ token: served.token, baseUrl: served.url, apiVersion });
  const paths = () => served.fake.requests.map((request) => `${request.method} ${request.path}${new URL(request.url).search}`);

  it("a 5xx after storing: waits out the search lag, finds the lead, creates nothing more", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    const lead = await client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 3000, intervalMs: 100 } });
    expect(lead).toEqual(served.fake.leads[0]!.body);
    expect(served.fake.leads).toHaveLength(1);
    const searches = paths().filter((path) => path === "POST /contacts/search");
    expect(searches.length).toBeGreaterThanOrEqual(2);
    expect(paths().filter((path) => path === "POST /contacts")).toHaveLength(1);
    expect(served.fake.requests[1]!.body).toMatchObject({
      query: { operator: "AND", value: [{ field: "role", operator: "=", value: "lead" }, { field: "email", operator: "=", value: "julia@truth.org" }, { field: "created_at", operator: ">" }] },
      pagination: { per_page: 150 },
    });
  });

  it("a 5xx before storing: looks for the bounded time, then creates it once", async () => {
    served.fake.inject({ kind: "server-error", stored: false });
    const started = Date.now();
    const lead = await client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 600, intervalMs: 100 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(served.fake.leads).toHaveLength(1);
    expect(lead.id).toBe(served.fake.leads[0]!.id);
    expect(paths().filter((path) => path === "POST /contacts")).toHaveLength(2);
  });

  it("a lead with the same email from before the attempt is not taken for this one", async () => {
    await client().createLead({ email: "julia@truth.org" });
    await new Promise((resolve) => setTimeout(resolve, 6500));
    served.fake.inject({ kind: "server-error", stored: false });
    const lead = await client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 600, intervalMs: 100 } });
    expect(served.fake.leads).toHaveLength(2);
    expect(lead.id).toBe(served.fake.leads[1]!.id);
  }, 15_000);

  it("API 1.x looks the lead up with GET /contacts?email=", async () => {
    served.fake.inject({ kind: "drop-connection", stored: true });
    const lead = await client("1.4").createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 3000, intervalMs: 100 } });
    expect(lead.user_id).toBe((served.fake.leads[0]!.body as { user_id: string }).user_id);
    expect(served.fake.leads).toHaveLength(1);
    expect(paths()).toContain("GET /contacts?email=julia%40truth.org");
  });

  it("without an email nothing can be looked up: the error says maybeCreated", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    const error = await client()
      .createLead({ name: "Anonymous" }, { reconcile: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 500, maybeCreated: true });
    expect(paths()).toEqual(["POST /contacts"]);
  });

  it("is off by default for single creates: the error comes back at once", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    await expect(client().createLead({ email: "julia@truth.org" })).rejects.toMatchObject({ maybeCreated: true });
    expect(paths()).toEqual(["POST /contacts"]);
  });

  it("mayExist: an input an earlier run may have sent is found, not created again", async () => {
    const earlier = await client().createLead({ email: "resumed@example.com" });
    await new Promise((resolve) => setTimeout(resolve, 450));
    const results = [];
    for await (const result of client().createLeads([{ email: "resumed@example.com" }, { email: "fresh@example.com" }], {
      mayExist: (input) => input.email === "resumed@example.com",
      reconcile: { waitMs: 1000, intervalMs: 100 },
    })) {
      results.push(result);
    }
    const resumed = results.find((result) => result.index === 0);
    expect(resumed).toMatchObject({ status: "created", reconciled: true, lead: { id: earlier.id } });
    expect(served.fake.leads).toHaveLength(2);
  });
});
