import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createRequests, journalStates, maskTimings, openWorkspace, type Workspace } from "./support/workspace.ts";

describe("intercom-leads import <file.ndjson>", () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it("creates one lead per line, as written, skipping blank lines, with the token from INTERCOM_TOKEN", async () => {
    const leads = Array.from({ length: 40 }, (_, i) => ({
      email: `nd${i}@example.com`,
      name: `Nd ${i}`,
      unsubscribed_from_emails: i % 2 === 1,
      custom_attributes: { plan: "pro", seats: i, trial: i % 3 === 0, note: null },
    }));
    // A byte-order mark, Windows line ends and blank lines, as exported files have.
    const text = `\uFEFF${leads.slice(0, 20).map((lead) => JSON.stringify(lead)).join("\r\n")}\r\n\r\n   \n${leads.slice(20).map((lead) => JSON.stringify(lead)).join("\n")}`;
    writeFileSync(join(ws.dir, "leads.jsonl"), text);

    const run = await runCli(["import", "leads.jsonl", "--base-url", ws.server.url], { cwd: ws.dir, env: { INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN } });

    expect(run.code).toBe(0);
    expect(maskTimings(run.stdout)).toMatch(/^created: 40\nfailed: 0\nskipped: 0\nalready done: 0\nelapsed: <t>\nrate: <r> leads\/s\nrejects: none\n/);
    expect(createRequests(ws.fake)).toHaveLength(40);
    const stored = new Map(ws.fake.leads.map((lead) => [lead.body.email, lead.body as unknown as Record<string, unknown>]));
    for (const lead of leads) {
      expect(stored.get(lead.email)).toMatchObject({ name: lead.name, unsubscribed_from_emails: lead.unsubscribed_from_emails });
      expect(stored.get(lead.email)?.custom_attributes).toEqual(lead.custom_attributes);
    }
    // Rows are line numbers: lines 21 and 22 are blank.
    const rows = [...journalStates(join(ws.dir, "leads.jsonl.journal")).keys()].sort((a, b) => a - b);
    expect(rows).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), ...Array.from({ length: 20 }, (_, i) => i + 23)]);
  });

  it("skips repeated emails with --skip-duplicate-emails, the first row winning", async () => {
    const lines = ["a@example.com", "b@example.com", "A@Example.com", "c@example.com", "b@example.com"].map((email) => JSON.stringify({ email }));
    writeFileSync(join(ws.dir, "dupes.ndjson"), `${lines.join("\n")}\n`);

    const run = await runCli(["import", "dupes.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--skip-duplicate-emails"], { cwd: ws.dir });

    expect(run.code).toBe(0);
    expect(maskTimings(run.stdout)).toMatch(/^created: 3\nfailed: 0\nskipped: 2\n/);
    expect(ws.fake.leads.map((lead) => lead.body.email).sort()).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
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

  it("creates legacy leads with --api-version 1.x", async () => {
    writeFileSync(join(ws.dir, "legacy.ndjson"), `${JSON.stringify({ email: "old@example.com", utm_source: "fair", last_request_at: 1_700_000_000 })}\n`);

    const run = await runCli(["import", "legacy.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--api-version", "1.4"], { cwd: ws.dir });

    expect(run.code).toBe(0);
    expect(createRequests(ws.fake).map((request) => [request.apiVersion, request.body])).toEqual([
      ["1.4", { email: "old@example.com", utm_source: "fair", last_request_at: 1_700_000_000 }],
    ]);
    expect(ws.fake.leads).toMatchObject([{ legacy: true, body: { email: "old@example.com" } }]);
  });
});
