import { existsSync } from "node:fs";
import { describe, expect } from "vitest";
import { besidesProgressLines, createRequests, journalStates, maskTimings } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

const ROWS = 120;

function csvRow(i: number): string {
  // Every cell type: a quoted name with a comma, booleans, a timestamp, inferred and forced custom attributes.
  const unsubscribed = i % 2 === 0 ? "true" : "no";
  return [
    `lead${i}@example.com`,
    `"Lead ${i}, Jr."`,
    `+1555${String(i).padStart(4, "0")}`,
    `ext-${i}`,
    unsubscribed,
    1_700_000_000 + i,
    i % 3 === 0 ? "pro" : "free",
    i,
    i % 5 === 0 ? "true" : "false",
    `0${i}`,
  ].join(",");
}

const HEADER =
  "email,name,phone,external_id,unsubscribed_from_emails,last_seen_at,custom_attributes.plan,custom_attributes.seats,custom_attributes.vip,custom_attributes.zip:string";

describe("intercom-leads import <file.csv>", () => {
  test("creates exactly one lead per row, with every column mapped to its Intercom field", async ({ ws }) => {
    const file = ws.write(
      "leads.csv",
      `${HEADER}\r\n${Array.from({ length: ROWS }, (_, i) => csvRow(i)).join("\r\n")}\r\n`,
    );

    const run = await ws.run(ws.importArgs("leads.csv", "--concurrency", "8"));

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
      expect(lead.custom_attributes).toEqual({
        plan: i % 3 === 0 ? "pro" : "free",
        seats: i,
        vip: i % 5 === 0,
        zip: `0${i}`,
      });
    }
    // Spreadsheet rows: the header is row 1.
    const states = journalStates(`${file}.journal`);
    expect([...states.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2));
    expect(new Set(states.values())).toEqual(new Set(["created"]));
    expect(existsSync(`${file}.rejects.ndjson`)).toBe(false);

    // The summary alone is on stdout; stderr is not a terminal, so it gets plain progress lines at most.
    expect(besidesProgressLines(run.stderr)).toBe("");
  });

  test("sends nothing when run again after finishing, and says every row was done before", async ({ ws }) => {
    ws.write("leads.csv", `${HEADER}\n${Array.from({ length: 10 }, (_, i) => csvRow(i)).join("\n")}\n`);
    const args = ws.importArgs("leads.csv");
    expect((await ws.run(args)).code).toBe(0);

    const again = await ws.run(args);

    expect(again.code).toBe(0);
    expect(maskTimings(again.stdout)).toContain(
      [
        "created: 0",
        "failed: 0",
        "skipped: 0",
        "already done: 10 (by earlier runs: 10 created, 0 failed, 0 skipped)",
      ].join("\n"),
    );
    expect(createRequests(ws.fake)).toHaveLength(10);
    expect(ws.fake.leads).toHaveLength(10);
  });
});
