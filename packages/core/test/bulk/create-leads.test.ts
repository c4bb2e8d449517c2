import { describe, expect, it } from "vitest";
import { createIntercom, IntercomConfigError, type LeadImportProgress, LeadValidationError } from "../../src/index.ts";
import { useFakeIntercom } from "../support/use-fake-intercom.ts";

const leads = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, n) => ({ email: `lead${n + offset}@example.com`, name: `Lead ${n + offset}` }));

describe("createLeads", () => {
  const served = useFakeIntercom({ rateLimit: false });
  const client = () => createIntercom({ token: served.token, baseUrl: served.url });

  it("yields exactly one result per input and stores each lead once", async () => {
    const results = [];
    for await (const result of client().createLeads(leads(50), { concurrency: 8 })) results.push(result);
    expect(results).toHaveLength(50);
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, n) => n),
    );
    expect(results.every((result) => result.status === "created" && !result.reconciled)).toBe(true);
    for (const result of results) {
      if (result.status === "created") expect(result.lead.email).toBe(result.input.email);
    }
    expect(served.fake.leads).toHaveLength(50);
    expect(new Set(served.fake.leads.map((lead) => lead.body.email)).size).toBe(50);
  });

  it("summary() runs the import and counts it", async () => {
    const summary = await client()
      .createLeads([...leads(5), { email: "bad" }, ...leads(3, 5)], { concurrency: 3 })
      .summary();
    expect(summary).toMatchObject({ read: 9, created: 8, failed: 1, skipped: 0, reconciled: 0, aborted: false });
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("reports invalid inputs as failed with their issues, and sends nothing for them", async () => {
    const results = [];
    for await (const result of client().createLeads([
      { email: "a@example.com" },
      { email: "nope" },
      { user_id: "x" } as never,
    ]))
      results.push(result);
    const failed = results.filter((result) => result.status === "failed").sort((a, b) => a.index - b.index);
    expect(
      failed.map((result) => [
        result.index,
        result.status === "failed" && result.error instanceof LeadValidationError && result.error.issues,
      ]),
    ).toEqual([
      [1, [{ path: ["email"], message: "must be an email address" }]],
      [2, [{ path: ["user_id"], message: "is assigned by Intercom: use external_id" }]],
    ]);
    expect(served.fake.requests).toHaveLength(1);
  });

  it("skips duplicate emails within the source when asked, naming the first", async () => {
    const source = [
      { email: "a@example.com" },
      { email: "B@example.com" },
      { email: "A@Example.com" },
      { email: "b@example.com" },
    ];
    const results = [];
    for await (const result of client().createLeads(source, { skipDuplicateEmails: true, concurrency: 1 }))
      results.push(result);
    expect(
      results
        .filter((result) => result.status === "skipped")
        .map((result) => [result.index, result.status === "skipped" && result.duplicateOf]),
    ).toEqual([
      [2, 0],
      [3, 1],
    ]);
    expect(served.fake.leads).toHaveLength(2);
  });

  it("reads the source lazily: never more than the concurrency ahead of the reader", async () => {
    let pulled = 0;
    async function* source() {
      for (let n = 0; n < 200; n++) {
        pulled++;
        yield { email: `lazy${n}@example.com` };
      }
    }
    const concurrency = 4;
    const aheadOfReader: number[] = [];
    let read = 0;
    for await (const _ of client().createLeads(source(), { concurrency })) {
      read++;
      aheadOfReader.push(pulled - read);
      // A slow reader: the import must wait for it rather than buffer results.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(read).toBe(200);
    // In flight (concurrency) + waiting in the channel (concurrency) + one being handed over.
    expect(Math.max(...aheadOfReader)).toBeLessThanOrEqual(2 * concurrency + 1);
  });

  it("takes sync iterables too, and calls onSend once per sent input, before its request", async () => {
    const sent: number[] = [];
    const requestsAtSend: number[] = [];
    const progress: LeadImportProgress[] = [];
    function* source() {
      yield* leads(10);
    }
    await client()
      .createLeads(source(), {
        concurrency: 1,
        onSend: (_, index) => {
          sent.push(index);
          requestsAtSend.push(served.fake.requests.length);
        },
        onProgress: (p) => progress.push(p),
      })
      .summary();
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(requestsAtSend).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress.map((p) => p.created)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(progress.at(-1)).toMatchObject({ read: 10, created: 10, failed: 0, inFlight: 0 });
  });

  it("abort stops reading, lets the in-flight creates finish, and reports every input it read", async () => {
    const controller = new AbortController();
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let n = 0; ; n++) {
          pulled++;
          yield { email: `endless${n}@example.com` };
        }
      } finally {
        closed = true;
      }
    }
    served.fake.inject({ kind: "slow", delayMs: 20 }, { times: 1000 });
    const results = [];
    const run = client().createLeads(source(), { concurrency: 4, signal: controller.signal });
    for await (const result of run) {
      results.push(result);
      if (results.length === 10) controller.abort();
    }
    const summary = await run.summary();
    expect(summary.aborted).toBe(true);
    // The source was closed, as a for-of loop's break would close it.
    expect(closed).toBe(true);
    expect(results.length).toBe(pulled);
    expect(results.length).toBeLessThanOrEqual(10 + 2 * 4 + 1);
    expect(results.every((result) => result.status === "created")).toBe(true);
    expect(served.fake.leads).toHaveLength(results.length);
  });

  it("a source that throws ends the import with its error, after reporting what it read", async () => {
    async function* source() {
      yield { email: "one@example.com" };
      yield { email: "two@example.com" };
      throw new Error("disk on fire");
    }
    const results: unknown[] = [];
    await expect(
      (async () => {
        for await (const result of client().createLeads(source(), { concurrency: 1 })) results.push(result);
      })(),
    ).rejects.toThrow("disk on fire");
    expect(results).toHaveLength(2);
    expect(served.fake.leads).toHaveLength(2);
  });

  it("refuses an unusable concurrency on first use, having read nothing", async () => {
    let read = 0;
    function* source() {
      read++;
      yield { email: "a@example.com" };
    }
    const run = client().createLeads(source(), { concurrency: 0 });
    await expect(run.summary()).rejects.toThrow(
      new IntercomConfigError("concurrency must be a whole number from 1 to 64"),
    );
    await expect(run[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(IntercomConfigError);
    expect(read).toBe(0);
  });

  it("its iterator is async-iterable itself, as a generator's is", async () => {
    // The type promises an AsyncIterator only; code written for generators also iterates it again.
    const iterator = client()
      .createLeads([{ email: "self@example.com" }])
      [Symbol.asyncIterator]() as AsyncIterableIterator<{ status: string }>;
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
    const results = [];
    for await (const result of iterator) results.push(result.status);
    expect(results).toEqual(["created"]);
  });
});
