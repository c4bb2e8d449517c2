import { describe, expect, it, vi } from "vitest";
import { IntercomConfigError, IntercomError } from "../../src/index.ts";
import { drive, FAKE_EPOCH, settle, useFakeTime } from "../support/fake-time.ts";
import { useInProcessIntercom } from "../support/use-in-process-intercom.ts";

// `reconcile.lookupFirst`: what the lead proxy uses when a resent idempotency key's first attempt may
// have stored the lead. The lookup comes before any create.
describe("createLead with reconcile.lookupFirst", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: false, searchLagMs: 400 });
  const paths = () => intercom.fake.requests.map((request) => `${request.method} ${request.path}`);
  const julia = { email: "julia@truth.org", name: "Julia" };

  it("finds a lead created since the given time and returns it, creating nothing", async () => {
    const stored = await drive(intercom.client().createLead(julia));
    vi.advanceTimersByTime(1000); // past the search lag
    const lead = await drive(
      intercom.client().createLead(julia, { reconcile: { lookupFirst: FAKE_EPOCH, waitMs: 2000, intervalMs: 100 } }),
    );
    expect(lead).toEqual(stored);
    expect(intercom.fake.leads).toHaveLength(1);
    expect(paths()).toEqual(["POST /contacts", "POST /contacts/search"]);
  });

  it("waits out the search lag for a lead stored just before", async () => {
    await drive(intercom.client().createLead(julia));
    const lead = await drive(
      intercom.client().createLead(julia, { reconcile: { lookupFirst: FAKE_EPOCH, waitMs: 2000, intervalMs: 100 } }),
    );
    expect(lead.id).toBe(intercom.fake.leads[0]!.id);
    expect(intercom.fake.leads).toHaveLength(1);
    // Looked, then again 100 and 300 ms later: found in the first look past the 400 ms lag.
    const [create, ...searches] = intercom.fake.requests;
    expect(searches.map((search) => search.at - searches[0]!.at)).toEqual([0, 100, 300]);
    expect(searches.map((search) => search.at - create!.at)).toEqual([100, 200, 400]);
  });

  it("absent after the whole wait: creates it once, right after the last look", async () => {
    const lead = await drive(
      intercom.client().createLead(julia, { reconcile: { lookupFirst: FAKE_EPOCH, waitMs: 600, intervalMs: 100 } }),
    );
    expect(intercom.fake.leads.map((stored) => stored.id)).toEqual([lead.id]);
    expect(paths()).toEqual([
      "POST /contacts/search",
      "POST /contacts/search",
      "POST /contacts/search",
      "POST /contacts/search",
      "POST /contacts",
    ]);
    expect(intercom.fake.requests.at(-1)!.at - FAKE_EPOCH).toBe(600);
  });

  it("a lead with the email from before the given time is not taken: a new one is created", async () => {
    await drive(intercom.client().createLead(julia));
    vi.advanceTimersByTime(60_000);
    const lead = await drive(
      intercom
        .client()
        .createLead(julia, { reconcile: { lookupFirst: Date.now() - 1000, waitMs: 200, intervalMs: 100 } }),
    );
    expect(intercom.fake.leads).toHaveLength(2);
    expect(lead.id).toBe(intercom.fake.leads[1]!.id);
  });

  it("without an email nothing is sent: the error says the lead may exist", async () => {
    const outcome = await settle(
      intercom.client().createLead({ name: "Julia" }, { reconcile: { lookupFirst: FAKE_EPOCH } }),
    );
    expect(outcome.status).toBe("rejected");
    const error = (outcome as { reason: IntercomError }).reason;
    expect(error).toBeInstanceOf(IntercomError);
    expect([error.message, error.maybeCreated]).toEqual([
      "An earlier run may have sent this lead, and without an email it cannot be looked up",
      true,
    ]);
    expect(intercom.fake.requests).toEqual([]);
  });

  it("lookups that all fail: nothing is created, the error says the lead may exist", async () => {
    intercom.fake.inject({ kind: "server-error", stored: false }, { route: "search", times: 10 });
    const outcome = await settle(
      intercom.client().createLead(julia, { reconcile: { lookupFirst: FAKE_EPOCH, waitMs: 300, intervalMs: 100 } }),
    );
    expect(outcome.status).toBe("rejected");
    expect((outcome as { reason: IntercomError }).reason.maybeCreated).toBe(true);
    expect(intercom.fake.leads).toEqual([]);
    expect(new Set(paths())).toEqual(new Set(["POST /contacts/search"]));
  });

  it("refuses a lookupFirst that is not true, false or a time", async () => {
    await expect(
      intercom.client().createLead(julia, { reconcile: { lookupFirst: "yesterday" as never } }),
    ).rejects.toThrow(
      new IntercomConfigError("reconcile.lookupFirst must be true, false or a time in Unix milliseconds"),
    );
    expect(intercom.fake.requests).toEqual([]);
  });
});
