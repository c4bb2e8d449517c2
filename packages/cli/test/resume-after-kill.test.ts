import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import {
  createRequests,
  journalStates,
  maskTimings,
  readNdjson,
  searchRequests,
  storedEmails,
} from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

// Each kill is set off by what reaches the fake, not by time, so the file need only be big enough
// that a kill lands with most of it still to do.
const ROWS = 200;
// Every 20th row has an address Intercom refuses: 10 rejects, 190 leads.
const isBad = (i: number): boolean => i % 20 === 19;
const emailOf = (i: number): string => (isBad(i) ? `lead${i}-at-example.com` : `lead${i}@example.com`);
const GOOD = ROWS - 10;

describe("intercom-leads import, killed with SIGKILL and run again", () => {
  test("ends with exactly one lead per valid row after two kills, one of them with creates stored but unanswered", async ({
    ws,
  }) => {
    const rows = Array.from({ length: ROWS }, (_, i) => `${emailOf(i)},Lead ${i},${i % 7}`);
    const file = ws.write("leads.csv", `email,name,custom_attributes.bucket\n${rows.join("\n")}\n`);
    // The fake's search has no lag: one lookup (a wait of 0) is enough to know a lead is not there.
    const args = ws.importArgs("leads.csv", "--reconcile-wait-ms", "0");

    // First kill: wherever the run happens to be once a quarter of the leads exist.
    const first = ws.start(args);
    await first.before(
      ws.until((fake) => fake.leads.length >= ROWS / 4),
      "a quarter of the leads",
    );
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const afterFirst = ws.fake.leads.length;
    expect(afterFirst).toBeLessThan(GOOD);

    // Second kill: four creates stored by Intercom but not answered, so their rows are at "sending".
    const second = ws.start(args);
    await second.before(
      ws.until((fake) => fake.leads.length >= afterFirst + ROWS / 4),
      "another quarter of the leads",
    );
    // With --concurrency 4, once four answers are held nothing else moves.
    const inFlight = (await second.before(ws.holdCreates(4), "four creates held")).map((lead) => lead.email);
    second.child.kill("SIGKILL");
    expect((await second.done).signal).toBe("SIGKILL");
    ws.release();
    const sendingRows = [...journalStates(`${file}.journal`)]
      .filter(([, state]) => state === "sending")
      .map(([row]) => row);
    expect(sendingRows.map((row) => emailOf(row - 2))).toEqual(expect.arrayContaining(inFlight));
    expect(ws.fake.leads.length).toBeLessThan(GOOD);

    const third = await ws.run(args);

    expect(third.code).toBe(1);
    const emails = ws.fake.leads.map((lead) => lead.body.email);
    expect(emails).toHaveLength(GOOD);
    expect(new Set(emails)).toEqual(
      new Set(
        Array.from({ length: ROWS }, (_, i) => i)
          .filter((i) => !isBad(i))
          .map(emailOf),
      ),
    );
    // The rows in flight at the kill were found by email, not sent again.
    const reconciled = Number(/^created: \d+ \((\d+) found already stored/m.exec(third.stdout)?.[1]);
    expect(reconciled).toBeGreaterThanOrEqual(4);
    const sentInFlight = createRequests(ws.fake).filter((request) =>
      inFlight.includes((request.body as { email: string }).email),
    );
    expect(sentInFlight).toHaveLength(4);

    // Every bad row is in the rejects file exactly once, whichever run rejected it.
    const rejects = readNdjson(`${file}.rejects.ndjson`) as { row: number; input: unknown; error: unknown }[];
    expect(rejects.map((reject) => reject.row).sort((a, b) => a - b)).toEqual(
      [...Array(10)].map((_, k) => 20 * k + 19 + 2),
    );
    expect(rejects.find((reject) => reject.row === 21)).toEqual({
      row: 21,
      input: { email: "lead19-at-example.com", name: "Lead 19", custom_attributes: { bucket: 19 % 7 } },
      error: {
        name: "LeadValidationError",
        message: "Invalid lead: email: must be an email address",
        issues: [{ path: ["email"], message: "must be an email address" }],
      },
    });
    const journal = journalStates(`${file}.journal`);
    expect(journal.size).toBe(ROWS);
    expect([...journal.values()].filter((state) => state === "created")).toHaveLength(GOOD);

    // A fourth run finds every row done and sends nothing.
    const requestsBefore = ws.fake.requests.length;
    const fourth = await ws.run(args);
    expect(fourth.code).toBe(1);
    expect(ws.fake.requests.length).toBe(requestsBefore);
    expect(maskTimings(fourth.stdout)).toBe(
      [
        "created: 0",
        "failed: 0",
        "skipped: 0",
        `already done: ${ROWS} (by earlier runs: ${GOOD} created, 10 failed, 0 skipped)`,
        "elapsed: <t>",
        "rate: <r> leads/s",
        "rejects: 10 rows in leads.csv.rejects.ndjson",
        "journal: leads.csv.journal is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)",
        "",
      ].join("\n"),
    );
    expect(readFileSync(`${file}.rejects.ndjson`, "utf8").split("\n")).toHaveLength(11);
  });

  test("does not resend a row without an email that was in flight at the kill: it is rejected as maybe created", async ({
    ws,
  }) => {
    const lines = [
      { name: "No Email", phone: "+15550001" },
      { email: "in-flight@example.com", name: "In Flight" },
      { email: "later@example.com" },
    ];
    const file = ws.write("leads.ndjson", `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    const args = ws.importArgs("leads.ndjson", "--concurrency", "2");

    const first = ws.start(args);
    await first.before(ws.holdCreates(2), "both first rows stored and unanswered");
    first.child.kill("SIGKILL");
    await first.done;
    ws.release();
    expect(ws.fake.leads).toHaveLength(2);

    const second = await ws.run(args);

    expect(second.code).toBe(1);
    expect(maskTimings(second.stdout)).toBe(
      [
        "created: 2 (1 found already stored by an interrupted run, not sent again)",
        "failed: 1",
        "skipped: 0",
        "already done: 0",
        "elapsed: <t>",
        "rate: <r> leads/s",
        "rejects: 1 row in leads.ndjson.rejects.ndjson",
        "journal: leads.ndjson.journal is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)",
        "",
      ].join("\n"),
    );
    // The fake stores a lead created without an email with email "", as Intercom does.
    expect(storedEmails(ws.fake)).toEqual(["", "in-flight@example.com", "later@example.com"]);
    expect(createRequests(ws.fake)).toHaveLength(3);
    expect(readNdjson(`${file}.rejects.ndjson`)).toEqual([
      {
        row: 1,
        input: { name: "No Email", phone: "+15550001" },
        error: {
          name: "RowError",
          code: "maybe_created",
          message:
            "An earlier run was sending this row when it stopped, and a row without an email cannot be looked up in Intercom: " +
            "it was not sent again, so it may or may not have been created. Check in Intercom, and import it on its own if it is missing.",
        },
      },
    ]);
  });

  test("stops cleanly on Ctrl-C (exit 130), and the next run finishes the file exactly", async ({ ws }) => {
    const total = 200;
    const file = ws.write(
      "leads.ndjson",
      `${Array.from({ length: total }, (_, i) => JSON.stringify({ email: `int${i}@example.com` })).join("\n")}\n`,
    );
    const args = ws.importArgs("leads.ndjson");

    const first = ws.start(args);
    await first.before(
      ws.until((fake) => fake.leads.length >= total / 4),
      "a quarter of the leads",
    );
    first.child.kill("SIGINT");
    const interrupted = await first.done;

    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("SIGINT: finishing the rows in flight, then stopping");
    expect(interrupted.stdout).toContain("stopped: Interrupted\n");
    expect(interrupted.stdout).toContain("journal: leads.ndjson.journal: run the same command again to resume\n");
    // The rows in flight were finished and journaled: nothing is left at "sending".
    const states = journalStates(`${file}.journal`);
    expect([...states.values()].filter((state) => state !== "created")).toEqual([]);
    const created = Number(/^created: (\d+)$/m.exec(interrupted.stdout)?.[1]);
    expect(created).toBe(ws.fake.leads.length);
    expect(created).toBeLessThan(total);

    const second = await ws.run(args);

    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`created: ${total - created}\n`);
    expect(searchRequests(ws.fake)).toHaveLength(0);
    expect(new Set(ws.fake.leads.map((lead) => lead.body.email)).size).toBe(total);
    expect(ws.fake.leads).toHaveLength(total);
  });
});
