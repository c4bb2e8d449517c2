import { describe, expect, it, vi } from "vitest";
import { createIntercom, IntercomAbortError, IntercomConfigError, type LeadResult } from "../../src/index.ts";
import { drive, settle, useFakeTime } from "../support/fake-time.ts";
import { useFakeIntercom } from "../support/use-fake-intercom.ts";
import { IN_PROCESS_BASE_URL, useInProcessIntercom } from "../support/use-in-process-intercom.ts";

const quick = { waitMs: 600, intervalMs: 50 };

async function all<T>(run: AsyncIterable<T>): Promise<T[]> {
  const results: T[] = [];
  for await (const result of run) results.push(result);
  return results;
}

describe("reconcile edge cases", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: false, searchLagMs: 100 });
  const creates = () =>
    intercom.fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");

  it("the last round is looked up too: a lead stored by the final attempt is found, not reported failed", async () => {
    intercom.fake.inject({ kind: "server-error", stored: false }, { times: 3 });
    intercom.fake.inject({ kind: "server-error", stored: true });
    const lead = await drive(intercom.client().createLead({ email: "late@example.com" }, { reconcile: quick }));
    expect(lead.id).toBe(intercom.fake.leads[0]!.id);
    expect(intercom.fake.leads).toHaveLength(1);
    expect(creates()).toHaveLength(4);
  });

  it("when no lookup can be answered, it does not create again: the error says maybeCreated", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    intercom.fake.inject({ kind: "server-error", stored: false }, { times: 100, route: "search" });
    const error = await drive(intercom.client().createLead({ email: "blind@example.com" }, { reconcile: quick })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: "IntercomApiError", status: 500, maybeCreated: true });
    expect(creates()).toHaveLength(1);
    // It kept asking for the whole wait before it gave up.
    expect(intercom.fake.requests.at(-1)!.at - creates()[0]!.at).toBe(quick.waitMs);
    expect(intercom.fake.leads).toHaveLength(1);
  });

  it("an abort while reconciling says maybeCreated, at once", async () => {
    intercom.fake.inject({ kind: "server-error", stored: true });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("user left")), 30);
    const outcome = await settle(
      intercom
        .client()
        .createLead(
          { email: "gone@example.com" },
          { reconcile: { waitMs: 5000, intervalMs: 1000 }, signal: controller.signal },
        ),
    );
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(IntercomAbortError) });
    expect((outcome as PromiseRejectedResult).reason).toMatchObject({ maybeCreated: true });
    // Between two lookups a second apart: the abort, not the next lookup, ended it.
    expect(outcome.at).toBe(started + 30);
    expect(creates()).toHaveLength(1);
  });

  it("two inputs with one email never share a lead, even when both were ambiguous", async () => {
    // The second's lookup sees the first's lead (created since its attempt began, less the clock-skew allowance):
    // only the first's claim on it keeps the second looking for its own.
    intercom.fake.inject({ kind: "server-error", stored: true }, { times: 2 });
    const results = await drive(
      all(
        intercom.client().createLeads(
          [
            { email: "twin@example.com", name: "A" },
            { email: "twin@example.com", name: "B" },
          ],
          { concurrency: 2, reconcile: quick },
        ),
      ),
    );
    const ids = results.map((result) => (result.status === "created" ? result.lead.id : result.status));
    expect(new Set(ids).size).toBe(2);
    expect(intercom.fake.leads.map((lead) => lead.body.name).sort()).toEqual(["A", "B"]);
    expect(results.map((result) => result.status === "created" && result.reconciled)).toEqual([true, true]);
  });

  it("mayExist with a time does not take an older lead with the same email", async () => {
    await drive(intercom.client().createLead({ email: "old@example.com", name: "Someone else" }));
    // Past the 5 s allowed for clock skew, so the older lead is outside what the lookup may take.
    vi.advanceTimersByTime(6_200);
    const sentAt = Date.now();
    const [result] = await drive(
      all(
        intercom
          .client()
          .createLeads([{ email: "old@example.com", name: "Resumed" }], { mayExist: () => sentAt, reconcile: quick }),
      ),
    );
    expect(result).toMatchObject({ status: "created", reconciled: false, lead: { name: "Resumed" } });
    expect(intercom.fake.leads).toHaveLength(2);
  });

  it("mayExist without an email fails with maybeCreated instead of sending again", async () => {
    const [result] = await drive(
      all(intercom.client().createLeads([{ name: "No email" }], { mayExist: () => true, reconcile: quick })),
    );
    expect(result).toMatchObject({ status: "failed", error: { maybeCreated: true } });
    expect(intercom.fake.requests).toHaveLength(0);
  });

  it.each([[{ waitMs: Number.NaN }], [{ waitMs: "500" }], [{ intervalMs: 0 }], ["yes"], [0], [""]])(
    "refuses reconcile %o",
    async (reconcile) => {
      await expect(
        drive(
          intercom
            .client()
            .createLeads([], { reconcile: reconcile as never })
            .summary(),
        ),
      ).rejects.toBeInstanceOf(IntercomConfigError);
      await expect(
        drive(intercom.client().createLead({ email: "a@b.co" }, { reconcile: reconcile as never })),
      ).rejects.toBeInstanceOf(IntercomConfigError);
      expect(intercom.fake.requests).toHaveLength(0);
    },
  );
});

describe("import lifecycle edge cases, over HTTP", () => {
  const served = useFakeIntercom({ rateLimit: false });
  const client = () => createIntercom({ token: served.token, baseUrl: served.url });

  it("leaving the loop early stops reading and closes the source", async () => {
    let pulled = 0;
    let sourceClosed!: () => void;
    const closed = new Promise<void>((resolve) => (sourceClosed = resolve));
    async function* source() {
      try {
        for (let n = 0; n < 1000; n++) {
          pulled++;
          yield { email: `early${n}@example.com` };
        }
      } finally {
        sourceClosed();
      }
    }
    for await (const _ of client().createLeads(source(), { concurrency: 4 })) break;
    // Closed once the creates already sent have finished; a source never closed fails this test by its timeout.
    await closed;
    expect(pulled).toBeLessThanOrEqual(2 * 4 + 2);
    expect(served.fake.leads.length).toBeLessThanOrEqual(pulled);
  });

  it("a throwing onProgress loses no result, and surfaces when the import ends", async () => {
    const seen: LeadResult<{ email: string }, unknown>[] = [];
    const failing = (async () => {
      for await (const result of client().createLeads(
        Array.from({ length: 20 }, (_, n) => ({ email: `progress${n}@example.com` })),
        {
          onProgress: () => {
            throw new Error("progress bar broke");
          },
        },
      ))
        seen.push(result);
    })();
    await expect(failing).rejects.toThrow("progress bar broke");
    expect(seen).toHaveLength(20);
    expect(served.fake.leads).toHaveLength(20);
  });

  it("skipDuplicateEmails does not skip a valid row whose first twin failed", async () => {
    const results = await all(
      client().createLeads(
        [{ email: "dup@example.com", name: 5 } as never, { email: "dup@example.com", name: "Valid" }],
        { skipDuplicateEmails: true, concurrency: 2 },
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(["created", "failed"]);
    expect(served.fake.leads).toHaveLength(1);
  });
});

describe("the governor with a Retry-After-only 429", () => {
  useFakeTime();

  it("holds every call until Retry-After has passed, not only the one that met it", async () => {
    const concurrency = 3;
    const received: { at: number; status: number }[] = [];
    // Answers as a proxy might: no X-RateLimit-* headers at all, and one 429 that says only Retry-After.
    const fetch = async (request: Request): Promise<Response> => {
      const body = (await request.json()) as { email: string };
      const status = received.length === 0 ? 429 : 200;
      received.push({ at: Date.now(), status });
      if (status === 429) return new Response(null, { status, headers: { "retry-after": "1" } });
      return Response.json({ type: "contact", id: body.email, role: "lead", email: body.email });
    };
    const intercom = createIntercom({ token: "t", baseUrl: IN_PROCESS_BASE_URL, fetch });
    const results = await drive(
      all(
        intercom.createLeads(
          Array.from({ length: 6 }, (_, n) => ({ email: `held${n}@example.com` })),
          { concurrency },
        ),
      ),
    );
    expect(results.every((result) => result.status === "created")).toBe(true);
    expect(received).toHaveLength(7);
    const [limited] = received;
    expect(limited!.status).toBe(429);
    // Only the first batch, sent together before any answer, went out before Retry-After had passed.
    expect(received.filter((request) => request.at < limited!.at + 1000)).toHaveLength(concurrency);
  });
});
