import { describe, expect, it, vi } from "vitest";
import { type Contact, IntercomApiError, type LeadResult } from "../../src/index.ts";
import { drive, useFakeTime } from "../support/fake-time.ts";
import { useInProcessIntercom } from "../support/use-in-process-intercom.ts";

const SEARCH_LAG_MS = 400;

describe("reconcile: an ambiguous create is looked up before it is sent again", () => {
  useFakeTime();
  // Intercom's search lags behind creates; the fake makes a contact searchable 400 ms after it is stored.
  const intercom = useInProcessIntercom({ rateLimit: false, searchLagMs: SEARCH_LAG_MS });
  const paths = () =>
    intercom.fake.requests.map((request) => `${request.method} ${request.path}${new URL(request.url).search}`);
  const creates = () =>
    intercom.fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");

  it("a 5xx after storing: waits out the search lag, finds the lead, creates nothing more", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    const lead = await drive(
      intercom.client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 3000, intervalMs: 100 } }),
    );
    expect(lead).toEqual(intercom.fake.leads[0]!.body);
    expect(intercom.fake.leads).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    // Looked at once, then every 100, 200, 400 ms: the lead showed up in the first search past the lag.
    const searches = intercom.fake.requests.filter((request) => request.path === "/contacts/search");
    expect(searches.map((search) => search.at - creates()[0]!.at)).toEqual([0, 100, 300, 700]);
    expect(intercom.fake.requests[1]!.body).toMatchObject({
      query: {
        operator: "AND",
        value: [
          { field: "role", operator: "=", value: "lead" },
          { field: "email", operator: "=", value: "julia@truth.org" },
          { field: "created_at", operator: ">" },
        ],
      },
      pagination: { per_page: 150 },
    });
  });

  it("a 5xx before storing: looks for the bounded time, then creates it once", async () => {
    intercom.fake.inject({ kind: "server-error", stored: false });
    const lead = await drive(
      intercom.client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 600, intervalMs: 100 } }),
    );
    expect(intercom.fake.leads).toHaveLength(1);
    expect(lead.id).toBe(intercom.fake.leads[0]!.id);
    const [first, second] = creates();
    expect(creates()).toHaveLength(2);
    // Sent again only once the whole wait had passed with the lead absent, the last look right at its end.
    expect(second!.at - first!.at).toBe(600);
    expect(intercom.fake.requests.filter((request) => request.path === "/contacts/search").at(-1)!.at).toBe(second!.at);
  });

  it("a lead with the same email from before the attempt is not taken for this one", async () => {
    await drive(intercom.client().createLead({ email: "julia@truth.org" }));
    // Past the 5 s allowed for clock skew, and long past the search lag, so search shows the older lead.
    vi.advanceTimersByTime(6_500);
    intercom.fake.inject({ kind: "server-error", stored: false });
    const lead = await drive(
      intercom.client().createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 600, intervalMs: 100 } }),
    );
    expect(intercom.fake.leads).toHaveLength(2);
    expect(lead.id).toBe(intercom.fake.leads[1]!.id);
  });

  it("API 1.x looks the lead up with GET /contacts?email=", async () => {
    intercom.fake.inject({ kind: "drop-connection", stored: true });
    const lead = await drive(
      intercom
        .client({ apiVersion: "1.4" })
        .createLead({ email: "julia@truth.org" }, { reconcile: { waitMs: 3000, intervalMs: 100 } }),
    );
    expect(lead.user_id).toBe((intercom.fake.leads[0]!.body as { user_id: string }).user_id);
    expect(intercom.fake.leads).toHaveLength(1);
    expect(paths()).toContain("GET /contacts?email=julia%40truth.org");
    expect(creates()).toHaveLength(1);
  });

  it("without an email nothing can be looked up: the error says maybeCreated", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    const error = await drive(intercom.client().createLead({ name: "Anonymous" }, { reconcile: true })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 500, maybeCreated: true });
    expect(paths()).toEqual(["POST /contacts"]);
  });

  it("is off by default for single creates: the error comes back at once", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    await expect(drive(intercom.client().createLead({ email: "julia@truth.org" }))).rejects.toMatchObject({
      maybeCreated: true,
    });
    expect(paths()).toEqual(["POST /contacts"]);
  });

  it("mayExist: an input an earlier run may have sent is found, not created again", async () => {
    const earlier = await drive(intercom.client().createLead({ email: "resumed@example.com" }));
    // The earlier lead is searchable by now.
    vi.advanceTimersByTime(SEARCH_LAG_MS + 50);
    const results: LeadResult<{ email: string }, Contact>[] = [];
    const run = intercom.client().createLeads([{ email: "resumed@example.com" }, { email: "fresh@example.com" }], {
      mayExist: (input) => input.email === "resumed@example.com",
      reconcile: { waitMs: 1000, intervalMs: 100 },
    });
    await drive(
      (async () => {
        for await (const result of run) results.push(result);
      })(),
    );
    const resumed = results.find((result) => result.index === 0);
    expect(resumed).toMatchObject({ status: "created", reconciled: true, lead: { id: earlier.id } });
    expect(intercom.fake.leads).toHaveLength(2);
    expect(creates()).toHaveLength(2);
  });
});
