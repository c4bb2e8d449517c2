import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { ImportUsageError } from "../src/errors.ts";
import { convertCell } from "../src/source/csv-cells.ts";
import { planColumns } from "../src/source/csv-columns.ts";
import { mapCsvRecord } from "../src/source/csv-record.ts";
import { openCsvRecords } from "../src/source/csv-records.ts";
import { test } from "./support/workspace.ts";

describe("CSV header and cells", () => {
  test("maps known fields case-insensitively and custom attributes by their exact name", () => {
    const columns = planColumns([
      " Email ",
      "NAME",
      "custom_attributes.Plan",
      "Custom_Attributes.zip:string",
      "custom_attributes.seats:number",
    ]);
    expect(columns.map((column) => [column.path, column.type])).toEqual([
      [["email"], "string"],
      [["name"], "string"],
      [["custom_attributes", "Plan"], "inferred"],
      [["custom_attributes", "zip"], "string"],
      [["custom_attributes", "seats"], "number"],
    ]);
  });

  test("refuses fields leads cannot have, naming each problem", () => {
    expect(() => planColumns(["email", "user_id", ""])).toThrow(ImportUsageError);
    expect(() => planColumns(["email", "user_id", ""])).toThrow(
      'The CSV header cannot be imported: "user_id" is not an Intercom lead field in API 2.14 (name it custom_attributes.user_id to send it as a custom attribute); column 3 has no name',
    );
  });

  test.each([
    ["42", 42],
    ["-3.5", -3.5],
    ["1.50", 1.5],
    ["0", 0],
    ["02134", "02134"],
    ["1e5", "1e5"],
    ["12345678901234567890", "12345678901234567890"],
    ["true", true],
    ["false", false],
    ["TRUE", "TRUE"],
    ["yes", "yes"],
    ["pro", "pro"],
  ])("infers custom attribute %j as %j", (text, value) => {
    expect(convertCell("inferred", text)).toEqual({ value });
  });

  test.each([
    ["boolean", "Yes", { value: true }],
    ["boolean", "0", { value: false }],
    ["boolean", "maybe", { value: "maybe" }],
    ["timestamp", "1700000000", { value: 1_700_000_000 }],
    ["timestamp", "2024-05-01", { value: 1_714_521_600 }],
    ["timestamp", "2024-05-01T12:00:00+02:00", { value: 1_714_557_600 }],
    ["timestamp", "yesterday", { value: "yesterday" }],
    ["number", "7", { value: 7 }],
    ["number", "seven", { issue: "must be a number (the column says :number)" }],
    ["forced-boolean", "no", { value: false }],
    ["forced-boolean", "nah", { issue: "must be true or false (the column says :boolean)" }],
    ["string", "007", { value: "007" }],
  ] as const)("converts a %s cell %j", (type, text, expected) => {
    expect(convertCell(type, text)).toEqual(expected);
  });

  test("leaves empty cells out and trims the others", () => {
    const columns = planColumns(["email", "name", "phone", "custom_attributes.plan", "custom_attributes.seats"]);
    expect(mapCsvRecord(columns, ["  a@example.com ", "", "  ", " pro", ""])).toEqual({
      input: { email: "a@example.com", custom_attributes: { plan: "pro" } },
    });
  });
});

describe("columns typed by the API version's description", () => {
  test("owner_id is read as an integer up to API 2.15 and as text from 2.16", () => {
    const for214 = planColumns(["email", "owner_id"], "2.14");
    const for216 = planColumns(["email", "owner_id"], "2.16");
    expect(mapCsvRecord(for214, ["a@b.co", "321"])).toEqual({ input: { email: "a@b.co", owner_id: 321 } });
    expect(mapCsvRecord(for216, ["a@b.co", "321"])).toEqual({ input: { email: "a@b.co", owner_id: "321" } });
    // Not a whole number: left as text, for core's validation to word the rule ("must be an integer in API 2.14").
    expect(mapCsvRecord(for214, ["a@b.co", "admin-7"])).toEqual({ input: { email: "a@b.co", owner_id: "admin-7" } });
  });

  test("signed_up_at, which leads cannot have, is refused in the header in every version", () => {
    for (const version of ["2.7", "2.14", "2.16"]) {
      expect(() => planColumns(["email", "signed_up_at"], version)).toThrow(
        '"signed_up_at" is not an Intercom lead field',
      );
    }
  });

  test("a field the version does not have is refused in the header, naming the version", () => {
    expect(() => planColumns(["email", "email_verified"], "2.14")).toThrow(
      '"email_verified" is not an Intercom lead field in API 2.14',
    );
    expect(planColumns(["email", "email_verified"], "2.16").map((column) => column.type)).toEqual([
      "string",
      "boolean",
    ]);
    expect(() => planColumns(["email", "utm_source"], "2.14")).toThrow(
      '"utm_source" is not an Intercom lead field in API 2.14',
    );
    expect(planColumns(["email", "utm_source"], "1.4").map((column) => column.path)).toEqual([
      ["email"],
      ["utm_source"],
    ]);
  });
});

describe("reading a CSV file", () => {
  async function read(dir: string, text: string): Promise<{ rows: [number, unknown][]; error?: string }> {
    const file = join(dir, "in.csv");
    writeFileSync(file, text);
    const rows: [number, unknown][] = [];
    try {
      for await (const record of await openCsvRecords(file))
        rows.push([
          record.row,
          record.blank ? "blank" : record.error ? (record.error as { code?: string }).code : record.input,
        ]);
    } catch (error) {
      return { rows, error: (error as Error).message };
    }
    return { rows };
  }

  test("numbers rows as a spreadsheet shows them: header row 1, blank lines counted, a multi-line cell one row", async ({
    dir,
  }) => {
    const { rows } = await read(
      dir,
      'email,name\r\na@example.com,"Two\nlines"\n\nb@example.com,B,extra\n,\nc@example.com,"Say ""hi"""\n',
    );
    expect(rows).toEqual([
      [2, { email: "a@example.com", name: "Two\nlines" }],
      [3, "blank"],
      [4, "column_count"],
      [5, "blank"],
      [6, { email: "c@example.com", name: 'Say "hi"' }],
    ]);
  });

  test("ends with an error at an unclosed quote, after the rows before it", async ({ dir }) => {
    const { rows, error } = await read(dir, 'email,name\na@example.com,A\nb@example.com,"B\nc@example.com,C\n');
    expect(rows).toEqual([[2, { email: "a@example.com", name: "A" }]]);
    expect(error).toMatch(/Quote Not Closed/i);
  });
});
