import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect } from "vitest";
import { closestName } from "../src/source/suggest.ts";
import { runInProcess } from "./support/in-process.ts";
import { maskTimings, storedEmails } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

describe("intercom-leads import, messages people can act on", () => {
  test("a missing file: no such file, in words", async ({ ws }) => {
    const file = join(ws.dir, "nope.csv");
    const run = await runInProcess(["import", file, "--dry-run"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: Cannot read ${file}: no such file\n`);
  });

  test("a misspelt column: did you mean the field", async ({ ws }) => {
    const file = ws.write("typo.csv", "Nmae,emial,custom_atributes.plan,Company\nA,a@example.com,pro,Acme\n");
    const run = await runInProcess(["import", file, "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: The CSV header cannot be imported: "Nmae" is not an Intercom lead field in API 2.14 (did you mean name? To send it as a custom attribute, name it custom_attributes.Nmae); ' +
        '"emial" is not an Intercom lead field in API 2.14 (did you mean email? To send it as a custom attribute, name it custom_attributes.emial); ' +
        '"custom_atributes.plan" is not an Intercom lead field in API 2.14 (did you mean custom_attributes.plan?); ' +
        '"Company" is not an Intercom lead field in API 2.14 (name it custom_attributes.Company to send it as a custom attribute)\n',
    );
    expect(ws.fake.requests).toHaveLength(0);
  });

  test("suggests only a near miss among the version's fields", () => {
    const fields = ["email", "name", "phone", "external_id", "owner_id", "email_verified"];
    expect(closestName("Nmae", fields)).toBe("name");
    expect(closestName("EMAIL_VERIFED", fields)).toBe("email_verified");
    expect(closestName("externalid", fields)).toBe("external_id");
    expect(closestName("id", fields)).toBeUndefined();
    expect(closestName("Company", fields)).toBeUndefined();
  });

  test("blank rows are counted as skipped, journaled, and already done on a re-run", async ({ ws }) => {
    ws.write("gaps.csv", "email,name\na@example.com,A\n\n,\nb@example.com,B\n , \n");

    const first = await ws.run(ws.importArgs("gaps.csv"));

    expect(first.code).toBe(0);
    expect(maskTimings(first.stdout)).toMatch(/^created: 2\nfailed: 0\nskipped: 3 \(3 blank\)\nalready done: 0\n/);
    expect(storedEmails(ws.fake)).toEqual(["a@example.com", "b@example.com"]);

    const again = await ws.run(ws.importArgs("gaps.csv"));
    expect(maskTimings(again.stdout)).toMatch(
      /^created: 0\nfailed: 0\nskipped: 0\nalready done: 5 \(by earlier runs: 2 created, 0 failed, 3 skipped\)\n/,
    );
  });

  test("a dry run shows the first rejects inline, and blank and duplicate rows apart", async ({ ws }) => {
    const rows = [
      "bad1,x",
      "a@example.com,A,extra",
      "",
      "bad2,y",
      "bad3,z",
      "ok@example.com,Ok",
      "OK@example.com,Again",
    ];
    const file = ws.write("leads.csv", `email,name\n${rows.join("\n")}\n`);

    const run = await runInProcess(["import", file, "--dry-run", "--skip-duplicate-emails"]);

    expect(run.code).toBe(1);
    expect(maskTimings(run.stdout)).toBe(
      [
        "dry run: nothing was sent",
        "valid: 1",
        "invalid: 4",
        "skipped: 2 (1 blank, 1 duplicate email)",
        "elapsed: <t>",
        "rate: <r> rows/s",
        `rejects: 4 rows in ${file}.rejects.ndjson`,
        "  row 2: Invalid lead: email: must be an email address",
        "  row 3: The row has 3 cells; the header has 2",
        "  row 5: Invalid lead: email: must be an email address",
        "  … and 1 more in the file",
        "",
      ].join("\n"),
    );
  });
});
