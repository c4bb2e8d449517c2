import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createRequests, journalStates, maskTimings, openWorkspace, type Workspace } from "./support/workspace.ts";

const ROWS = 120;

function csvRow(i: number): string {
  // Every cell type: a quoted name with a comma, booleans, a timestamp, inferred and forced custom attributes.
  const unsubscribed = i % 2 === 0 ? "true" : "no";
  return [`lead${i}@example.com`, `"Lead ${i}, Jr."`, `+1555${String(i).padStart(4, "0")}`, `ext-${i}`, unsubscribed, 1_700_000_000 + i, i % 3 === 0 ? "pro" : "free", i, i % 5 === 0 ? "true" : "false", `0${i}`].join(",");
}

const HEADER = "email,name,phone,external_id,unsubscribed_from_emails,last_seen_at,custom_attributes.plan,custom_attributes.seats,custom_attributes.vip,custom_attributes.zip:string";

describe("intercom-leads import <file.csv>", () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it("creates exactly one lead per row, with every column mapped to its Intercom field", async () => {
    const file = join(ws.dir, "leads.csv");
    writeFileSync(file, `${HEADER}\r\n${Array.from({ length: ROWS }, (_, i) => csvRow(i)).join("\r\n")}\r\n`);

    const run = await runCli(["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--concurrency", "8"], { cwd: ws.dir });

    expect(run.code).toBe(0);
    expect(maskTimings(run.stdout)).toBe(
      [
        `created: ${ROWS}`,
        "failed: 0",
        "skipped: 0",
        "already done: 0",
        "elapsed: <t>",
        "rate: <r> leads/s",
        "rejects: none",
        "journal: leads.csv.journal is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)",
        "",
      ].join("\n"),
    );
    expect(createRequests(ws.fake)).toHaveLength(ROWS);
    expect(ws.fake.leads).toHaveLength(ROWS);
    const byEmail = new Map(ws.fake.leads.map((lead) => [lead.body.email, lead.body]));
    for (let i = 0; i < ROWS; i++) {
      const lead = byEmail.get(`lead${i}@example.com`) as Record<string, unknown>;
      expect(lead).toMatchObject({
        role: "lead",
        name: `Lead ${i}, Jr.`,
        phone: `+1555${String(i).padStart(4, "0")}`,
        external_id: `ext-${i}`,
        unsubscribed_from_emails: i % 2 === 0,
        last_seen_at: 1_700_000_000 + i,
      });
      expect(lead.custom_attributes).toEqual({ plan: i % 3 === 0 ? "pro" : "free", seats: i, vip: i % 5 === 0, zip: `0${i}` });
    }
    // Spreadsheet rows: the header is row 1.
    const states = journalStates(`${file}.journal`);
    expect([...states.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2));
    expect(new Set(states.values())).toEqual(new Set(["created"]));
    expect(existsSync(`${file}.rejects.ndjson`)).toBe(false);

    // Progress goes to stderr as plain lines when it is not a terminal; the summary alone is on stdout.
    expect(run.stderr).not.toContain("\u001b[");
  });

  it("sends nothing when run again after finishing, and says every row was done before", async () => {
    const file = join(ws.dir, "leads.csv");
    writeFileSync(file, `${HEADER}\n${Array.from({ length: 10 }, (_, i) => csvRow(i)).join("\n")}\n`);
    const args = ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url];
    expect((await runCli(args, { cwd: ws.dir })).code).toBe(0);

    const again = await runCli(args, { cwd: ws.dir });

    expect(again.code).toBe(0);
    expect(maskTimings(again.stdout)).toContain(
      ["created: 0", "failed: 0", "skipped: 0", "already done: 10 (by earlier runs: 10 created, 0 failed, 0 skipped)"].join("\n"),
    );
    expect(createRequests(ws.fake)).toHaveLength(10);
    expect(ws.fake.leads).toHaveLength(10);
  });
});
