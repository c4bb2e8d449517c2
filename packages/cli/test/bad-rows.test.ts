import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { createRequests, maskTimings, storedEmails } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

const CSV = [
  "email,name,unsubscribed_from_emails,last_seen_at,custom_attributes.seats:number",
  "good1@example.com,Good One,yes,,3",
  "not-an-email,Bad Email,,,",
  "good2@example.com,Good Two,,2024-01-02T03:04:05Z,",
  "bad-bool@example.com,Bad Bool,sometimes,,",
  "bad-time@example.com,Bad Time,,yesterday,",
  "bad-seats@example.com,Bad Seats,,,many",
  "short@example.com,Short",
  "good3@example.com,Good Three,false,1700000000,0",
];

/** The rejects file, line for line, as the command must write it. */
const EXPECTED_REJECTS = [
  {
    row: 3,
    input: { email: "not-an-email", name: "Bad Email" },
    error: {
      name: "LeadValidationError",
      message: "Invalid lead: email: must be an email address",
      issues: [{ path: ["email"], message: "must be an email address" }],
    },
  },
  {
    row: 5,
    input: { email: "bad-bool@example.com", name: "Bad Bool", unsubscribed_from_emails: "sometimes" },
    error: {
      name: "LeadValidationError",
      message: "Invalid lead: unsubscribed_from_emails: must be true or false",
      issues: [{ path: ["unsubscribed_from_emails"], message: "must be true or false" }],
    },
  },
  {
    row: 6,
    input: { email: "bad-time@example.com", name: "Bad Time", last_seen_at: "yesterday" },
    error: {
      name: "LeadValidationError",
      message: "Invalid lead: last_seen_at: must be a Unix timestamp in whole seconds",
      issues: [{ path: ["last_seen_at"], message: "must be a Unix timestamp in whole seconds" }],
    },
  },
  {
    row: 7,
    input: { email: "bad-seats@example.com", name: "Bad Seats" },
    error: {
      name: "LeadValidationError",
      message: "Invalid lead: custom_attributes.seats: must be a number (the column says :number)",
      issues: [{ path: ["custom_attributes", "seats"], message: "must be a number (the column says :number)" }],
    },
  },
  {
    row: 8,
    input: ["short@example.com", "Short"],
    error: { name: "RowError", code: "column_count", message: "The row has 2 cells; the header has 5" },
  },
];

describe("intercom-leads import, a file with bad rows", () => {
  test("creates the good rows, writes every bad one with its error to the rejects file, and exits 1", async ({
    ws,
  }) => {
    ws.write("mixed.csv", `${CSV.join("\n")}\n`);

    const run = await ws.run(ws.importArgs("mixed.csv"));

    expect(run.code).toBe(1);
    expect(maskTimings(run.stdout)).toBe(
      [
        "created: 3",
        "failed: 5",
        "skipped: 0",
        "already done: 0",
        "elapsed: <t>",
        "rate: <r> leads/s",
        "rejects: 5 rows in mixed.csv.rejects.ndjson",
        "journal: mixed.csv.journal is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)",
        "",
      ].join("\n"),
    );
    // Bad rows are refused before any request.
    expect(createRequests(ws.fake)).toHaveLength(3);
    expect(
      ws.fake.leads
        .map((lead) => lead.body as unknown as Record<string, unknown>)
        .sort((a, b) => String(a.email).localeCompare(String(b.email))),
    ).toMatchObject([
      { email: "good1@example.com", unsubscribed_from_emails: true, custom_attributes: { seats: 3 } },
      { email: "good2@example.com", last_seen_at: Date.UTC(2024, 0, 2, 3, 4, 5) / 1000 },
      {
        email: "good3@example.com",
        unsubscribed_from_emails: false,
        last_seen_at: 1_700_000_000,
        custom_attributes: { seats: 0 },
      },
    ]);
    const rejects = readFileSync(join(ws.dir, "mixed.csv.rejects.ndjson"), "utf8");
    expect(rejects).toBe(EXPECTED_REJECTS.map((line) => `${JSON.stringify(line)}\n`).join(""));
  });

  test("rejects NDJSON lines that are not JSON or not a lead, and keeps going", async ({ ws }) => {
    const broken = '{"email": "broken@example.com"';
    const lines = [
      '{"email":"ok1@example.com"}',
      broken,
      "42",
      '{"email":"ok2@example.com","user_id":"u1"}',
      '{"email":"ok3@example.com"}',
    ];
    ws.write("mixed.ndjson", `${lines.join("\n")}\n`);
    const parseError = (() => {
      try {
        JSON.parse(broken);
      } catch (error) {
        return (error as Error).message;
      }
    })();

    const run = await ws.run(ws.importArgs("mixed.ndjson", "--rejects", "out/rejected.ndjson"));

    expect(run.code).toBe(1);
    expect(maskTimings(run.stdout)).toMatch(
      /^created: 2\nfailed: 3\n(.*\n){4}rejects: 3 rows in out\/rejected.ndjson\n/,
    );
    expect(storedEmails(ws.fake)).toEqual(["ok1@example.com", "ok3@example.com"]);
    expect(readFileSync(join(ws.dir, "out", "rejected.ndjson"), "utf8")).toBe(
      [
        {
          row: 2,
          input: broken,
          error: { name: "RowError", code: "invalid_json", message: `The line is not JSON: ${parseError}` },
        },
        {
          row: 3,
          input: 42,
          error: {
            name: "LeadValidationError",
            message: "Invalid lead: A lead must be an object of Intercom fields",
            issues: [{ path: [], message: "A lead must be an object of Intercom fields" }],
          },
        },
        {
          row: 4,
          input: { email: "ok2@example.com", user_id: "u1" },
          error: {
            name: "LeadValidationError",
            message: "Invalid lead: user_id: is assigned by Intercom: use external_id",
            issues: [{ path: ["user_id"], message: "is assigned by Intercom: use external_id" }],
          },
        },
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(""),
    );
  });

  test("stops at an unclosed quote (exit 3) after creating the rows before it", async ({ ws }) => {
    ws.write("broken.csv", 'email,name\nq1@example.com,Q1\nq2@example.com,"Q2\nq3@example.com,Q3\n');

    const run = await ws.run(ws.importArgs("broken.csv"));

    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^stopped: Cannot read broken\.csv after row 2: Quote Not Closed/m);
    expect(run.stdout).toContain("journal: broken.csv.journal: run the same command again to resume\n");
    expect(ws.fake.leads.map((lead) => lead.body.email)).toEqual(["q1@example.com"]);
  });
});
