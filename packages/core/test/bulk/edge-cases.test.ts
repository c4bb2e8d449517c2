import { describe, expect, it } from "vitest";
import { createIntercom, IntercomAbortError, IntercomConfigError, type LeadResult } from "../../src/index.ts";
import { useFakeIntercom } from "../support/use-fake-intercom.ts";
import { useStubServer } from "../support/use-stub-server.ts";

const quick = { waitMs: 600, intervalMs: 50 };

async function all<T>(run: AsyncIterable<T>): Promise<T[]> {
  const results: T[] = [];
  for await (const result of run) results.push(result);
  return results;
}

describe("reconcile edge cases", () => {
  const served = useFakeIntercom({ rateLimit: false, searchLagMs: 100 });
  const client = () => createIntercom({ token: served.token, baseUrl: served.url });
  const creates = () => served.fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");

  it("the last round is looked up too: a lead stored by the final attempt is found, not reported failed", async () => {
    served.fake.inject({ kind: "server-error", stored: false }, { times: 3 });
    served.fake.inject({ kind: "server-error", stored: true });
    const lead = await client().createLead({ email: "late@example.com" }, { reconcile: quick });
    expect(lead.id).toBe(served.fake.leads[0]!.id);
    expect(served.fake.leads).toHaveLength(1);
    expect(creates()).toHaveLength(4);
  });

  it("when no lookup can be answered, it does not create again: the error says maybeCreated", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    served.fake.inject({ kind: "server-error", stored: false }, { times: 100, route: "search" });
    const error = await client()
      .createLead({ email: "blind@example.com" }, { reconcile: quick })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: "IntercomApiError", status: 500, maybeCreated: true });
    expect(creates()).toHaveLength(1);
    expect(served.fake.leads).toHaveLength(1);
  });

  it("an abort while reconciling says maybeCreated", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 30);
    const error = await client()
      .createLead({ email: "gone@example.com" }, { reconcile: { waitMs: 5000, intervalMs: 1000 }, signal: controller.signal })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: true });
  });

  it("two inputs with one email never share a lead, even when the first was ambiguous", async () => {
    served.fake.inject({ kind: "server-error", stored: true });
    const results = await all(client().createLeads([{ email: "twin@example.com", name: "A" }, { email: "twin@example.com", name: "B" }], { concurrency: 2, reconcile: quick }));
    const ids = results.map((result) => (result.status === "created" ? result.lead.id : result.status));
    expect(new Set(ids).size).toBe(2);
    expect(served.fake.leads.map((lead) => lead.body.name).sort()).toEqual(["A", "B"]);
  });

  it("mayExist with a time does not take an older lead with the same email", async () => {
    await client().createLead({ email: "old@example.com", name: "Someone else" });
    await new Promise((resolve) => setTimeout(resolve, 6_200));
    const sentAt = Date.now();
    const [result] = await all(client().createLeads([{ email: "old@example.com", name: "Resumed" }], { mayExist: () => sentAt, reconcile: quick }));
    expect(result).toMatchObject({ status: "created", reconciled: false, lead: { name: "Resumed" } });
    expect(served.fake.leads).toHaveLength(2);
  }, 15_000);

  it("mayExist without an email fails with maybeCreated instead of sending again", async () => {
    const [result] = await all(client().createLeads([{ name: "No email" }], { mayExist: () => true, reconcile: quick }));
    expect(result).toMatchObject({ status: "failed", error: { maybeCreated: true } });
    expect(served.fake.requests).toHaveLength(0);
  });

  it.each([[{ waitMs: Number.NaN }], [{ waitMs: "500" }], [{ intervalMs: 0 }], ["yes"], [0], [""]])("refuses reconcile %o", async (reconcile) => {
    await expect(client().createLeads([], { reconcile: reconcile as never }).summary()).rejects.toBeInstanceOf(IntercomConfigError);
    await expect(client().createLead({ email: "a@b.co" }, { reconcile: reconcile as never })).rejects.toBeInstanceOf(IntercomConfigError);
  });
});

describe("import lifecycle edge cases", () => {
  const served = useFakeIntercom({ rateLimit: false });
  const client = () => createIntercom({ token: served.token, baseUrl: served.url });

  it("leaving the loop early stops reading and closes the source", async () => {
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let n = 0; n < 1000; n++) {
          pulled++;
          yield { email: `early${n}@example.com` };
        }
      } finally {
        closed = true;
      }
    }
    for await (const _ of client().createLeads(source(), { concurrency: 4 })) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(true);
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
    const results = await all(client().createLeads([{ email: "dup@example.com", name: 5 } as never, { email: "dup@example.com", name: "Valid" }], { skipDuplicateEmails: true, concurrency: 2 }));
    expect(results.map((result) => result.status).sort()).toEqual(["created", "failed"]);
    expect(served.fake.leads).toHaveLength(1);
  });
});

describe("the governor with a Retry-After-only 429", () => {
  const stub = useStubServer();

  it("holds every call until Retry-After has passed", async () => {
    let limited = 0;
    stub.answer = async () => {
      const body = JSON.parse(stub.received.at(-1)!.body) as { email: string };
      if (limited++ === 0) return new Response(null, { status: 429, headers: { "retry-after": "1" } });
      return Response.json({ type: "contact", id: body.email, role: "lead", email: body.email });
    };
    const intercom = createIntercom({ token: "t", baseUrl: stub.url });
    const started = Date.now();
    const results = await all(intercom.createLeads(Array.from({ length: 6 }, (_, n) => ({ email: `held${n}@example.com` })), { concurrency: 1 }));
    expect(results.every((result) => result.status === "created")).toBe(true);
    // Nothing went out during the second after the 429.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stub.received).toHaveLength(7);
  });
});
