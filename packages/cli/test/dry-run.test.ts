import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { maskTimings } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

describe("intercom-leads import --dry-run", () => {
  test("checks every row without a token or a single request, and writes the rejects file", async ({ ws }) => {
    const rows = Array.from({ length: 300 }, (_, i) => (i % 100 === 50 ? `bad${i},x` : `dry${i}@example.com,Dry ${i}`));
    ws.write("leads.csv", `email,name\n${rows.join("\n")}\n`);

    // --base-url points at the fake, so a request sent by mistake would be seen.
    const run = await ws.run(["import", "leads.csv", "--dry-run", "--base-url", ws.url]);

    expect(run.code).toBe(1);
    expect(ws.fake.requests).toHaveLength(0);
    expect(maskTimings(run.stdout)).toBe(
      [
        "dry run: nothing was sent",
        "valid: 297",
        "invalid: 3",
        "skipped: 0",
        "elapsed: <t>",
        "rate: <r> rows/s",
        "rejects: 3 rows in leads.csv.rejects.ndjson",
        "  row 52: Invalid lead: email: must be an email address",
        "  row 152: Invalid lead: email: must be an email address",
        "  row 252: Invalid lead: email: must be an email address",
        "",
      ].join("\n"),
    );
    const rejects = readFileSync(join(ws.dir, "leads.csv.rejects.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { row: number; input: unknown });
    expect(rejects.map(({ row, input }) => ({ row, input }))).toEqual([
      { row: 52, input: { email: "bad50", name: "x" } },
      { row: 152, input: { email: "bad150", name: "x" } },
      { row: 252, input: { email: "bad250", name: "x" } },
    ]);
    // A dry run keeps no journal: the real import afterwards starts from the first row.
    expect(existsSync(join(ws.dir, "leads.csv.journal"))).toBe(false);
  });

  test("exits 0 when every row is valid, and a real import then creates them all", async ({ ws }) => {
    ws.write(
      "ok.ndjson",
      `${JSON.stringify({ email: "one@example.com" })}\n${JSON.stringify({ email: "two@example.com" })}\n`,
    );

    const dry = await ws.run(["import", "ok.ndjson", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("valid: 2\ninvalid: 0\n");
    expect(dry.stdout).toContain("rejects: none\n");
    expect(ws.fake.requests).toHaveLength(0);

    const real = await ws.run(ws.importArgs("ok.ndjson"));
    expect(real.code).toBe(0);
    expect(ws.fake.leads).toHaveLength(2);
  });

  test("will not replace the rejects file of an import in progress unless given another path", async ({ ws }) => {
    ws.write("leads.ndjson", `${JSON.stringify({ email: "nope" })}\n`);
    ws.write("leads.ndjson.journal", "");
    ws.write("leads.ndjson.rejects.ndjson", "kept\n");

    const refused = await ws.run(["import", "leads.ndjson", "--dry-run"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("a dry run would replace its rejects file");
    expect(readFileSync(join(ws.dir, "leads.ndjson.rejects.ndjson"), "utf8")).toBe("kept\n");

    const elsewhere = await ws.run(["import", "leads.ndjson", "--dry-run", "--rejects", "dry.ndjson"]);
    expect(elsewhere.code).toBe(1);
    expect(readFileSync(join(ws.dir, "dry.ndjson"), "utf8")).toContain('"row":1');
  });
});
