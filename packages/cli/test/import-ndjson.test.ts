import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect } from "vitest";
import { createRequests, journalStates, maskTimings, storedEmails } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

describe("intercom-leads import <file.ndjson>", () => {
  test("creates one lead per line, as written, skipping blank lines, with the token from INTERCOM_TOKEN", async ({
    ws,
  }) => {
    const leads = Array.from({ length: 40 }, (_, i) => ({
      email: `nd${i}@example.com`,
      name: `Nd ${i}`,
      unsubscribed_from_emails: i % 2 === 1,
      custom_attributes: { plan: "pro", seats: i, trial: i % 3 === 0, note: null },
    }));
    // A byte-order mark, Windows line ends and blank lines, as exported files have.
    const text = `\uFEFF${leads
      .slice(0, 20)
      .map((lead) => JSON.stringify(lead))
      .join("\r\n")}\r\n\r\n   \n${leads
      .slice(20)
      .map((lead) => JSON.stringify(lead))
      .join("\n")}`;
    ws.write("leads.jsonl", text);

    const run = await ws.run(["import", "leads.jsonl", "--base-url", ws.url], { INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN });

    expect(run.code).toBe(0);
    expect(maskTimings(run.stdout)).toMatch(
      /^created: 40\nfailed: 0\nskipped: 2 \(2 blank\)\nalready done: 0\nelapsed: <t>\nrate: <r> leads\/s\nrejects: none\n/,
    );
    expect(createRequests(ws.fake)).toHaveLength(40);
    const stored = new Map(
      ws.fake.leads.map((lead) => [lead.body.email, lead.body as unknown as Record<string, unknown>]),
    );
    for (const lead of leads) {
      expect(stored.get(lead.email)).toMatchObject({
        name: lead.name,
        unsubscribed_from_emails: lead.unsubscribed_from_emails,
      });
      expect(stored.get(lead.email)?.custom_attributes).toEqual(lead.custom_attributes);
    }
    // Rows are line numbers: lines 21 and 22 are blank, and skipped.
    const states = journalStates(join(ws.dir, "leads.jsonl.journal"));
    expect([...states.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect([states.get(21), states.get(22), states.get(23)]).toEqual(["skipped", "skipped", "created"]);
  });

  test("skips repeated emails with --skip-duplicate-emails, the first row winning", async ({ ws }) => {
    const lines = ["a@example.com", "b@example.com", "A@Example.com", "c@example.com", "b@example.com"].map((email) =>
      JSON.stringify({ email }),
    );
    ws.write("dupes.ndjson", `${lines.join("\n")}\n`);

    const run = await ws.run(ws.importArgs("dupes.ndjson", "--skip-duplicate-emails"));

    expect(run.code).toBe(0);
    expect(maskTimings(run.stdout)).toMatch(/^created: 3\nfailed: 0\nskipped: 2\n/);
    expect(storedEmails(ws.fake)).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    expect(journalStates(join(ws.dir, "dupes.ndjson.journal"))).toEqual(
      new Map([
        [1, "created"],
        [2, "created"],
        [3, "skipped"],
        [4, "created"],
        [5, "skipped"],
      ]),
    );
  });

  test("creates legacy leads with --api-version 1.x", async ({ ws }) => {
    ws.write(
      "legacy.ndjson",
      `${JSON.stringify({ email: "old@example.com", utm_source: "fair", last_request_at: 1_700_000_000 })}\n`,
    );

    const run = await ws.run(ws.importArgs("legacy.ndjson", "--api-version", "1.4"));

    expect(run.code).toBe(0);
    expect(createRequests(ws.fake).map((request) => [request.apiVersion, request.body])).toEqual([
      ["1.4", { email: "old@example.com", utm_source: "fair", last_request_at: 1_700_000_000 }],
    ]);
    expect(ws.fake.leads).toMatchObject([{ legacy: true, body: { email: "old@example.com" } }]);
  });
});
