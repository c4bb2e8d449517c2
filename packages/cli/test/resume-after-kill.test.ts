import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, startCli, waitFor } from "./support/cli.ts";
import { createRequests, journalStates, maskTimings, openWorkspace, readNdjson, type Workspace } from "./support/workspace.ts";

const ROWS = 2000;
// Every 200th row has an address Intercom refuses: 10 rejects, 1,990 leads.
const isBad = (i: number): boolean => i % 200 === 199;
const emailOf = (i: number): string => (isBad(i) ? `lead${i}-at-example.com` : `lead${i}@example.com`);

function pendingCreates(ws: Workspace): number {
  return createRequests(ws.fake).filter((request) => request.status === undefined).length;
}

describe("intercom-leads import, killed with SIGKILL and run again", () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it("ends with exactly one lead per valid row after two kills, one of them with creates in flight", async () => {
    const file = join(ws.dir, "leads.csv");
    const rows = Array.from({ length: ROWS }, (_, i) => `${emailOf(i)},Lead ${i},${i % 7}`);
    writeFileSync(file, `email,name,custom_attributes.bucket\n${rows.join("\n")}\n`);
    // The fake's search has no lag, so a short wait is enough to be sure a lead is not there.
    const args = ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--reconcile-wait-ms", "500"];

    // First kill: wherever the run happens to be once a quarter of the leads exist.
    const first = startCli(args, { cwd: ws.dir });
    await waitFor(() => ws.fake.leads.length >= ROWS / 4, "a quarter of the leads");
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const afterFirst = ws.fake.leads.length;
    expect(afterFirst).toBeLessThan(ROWS - 10);

    // Second kill: four creates stored by Intercom but not yet answered, so their rows are at "sending".
    const second = startCli(args, { cwd: ws.dir });
    await waitFor(() => ws.fake.leads.length >= afterFirst + ROWS / 4, "another quarter of the leads");
    // The next four creates are the slow ones; with --concurrency 4, once they are all in, nothing else moves.
    const mark = ws.fake.requests.length;
    ws.fake.inject({ kind: "slow", delayMs: 60_000 }, { times: 4 });
    const slow = (): FakeIntercom["requests"] =>
      ws.fake.requests.slice(mark).filter((request) => request.path === "/contacts" && request.status === undefined);
    await waitFor(() => slow().length === 4, "four slow creates in flight");
    // Stored on arrival, not answered: the run cannot have journaled them as created.
    const inFlightEmails = slow().map((request) => (request.body as { email: string }).email);
    second.child.kill("SIGKILL");
    expect((await second.done).signal).toBe("SIGKILL");
    const sendingRows = [...journalStates(`${file}.journal`)].filter(([, state]) => state === "sending").map(([row]) => row);
    const sendingEmails = sendingRows.map((row) => emailOf(row - 2));
    expect(sendingEmails).toEqual(expect.arrayContaining(inFlightEmails));
    expect(ws.fake.leads.length).toBeLessThan(ROWS - 10);

    const third = await runCli(args, { cwd: ws.dir });

    expect(third.code).toBe(1);
    const emails = ws.fake.leads.map((lead) => lead.body.email);
    expect(emails).toHaveLength(ROWS - 10);
    expect(new Set(emails).size).toBe(ROWS - 10);
    expect(new Set(emails)).toEqual(new Set(Array.from({ length: ROWS }, (_, i) => i).filter((i) => !isBad(i)).map(emailOf)));
    // The rows in flight at the kill were found by email, not sent again.
    const reconciled = Number(/^created: \d+ \((\d+) found already stored/m.exec(third.stdout)?.[1]);
    expect(reconciled).toBeGreaterThanOrEqual(4);
    const resentInFlight = createRequests(ws.fake).filter((request) => inFlightEmails.includes((request.body as { email: string }).email));
    expect(resentInFlight).toHaveLength(4);

    // Every bad row is in the rejects file exactly once, whichever run rejected it.
    const rejects = readNdjson(`${file}.rejects.ndjson`) as { row: number; input: unknown; error: unknown }[];
    expect(rejects.map((reject) => reject.row).sort((a, b) => a - b)).toEqual([...Array(10)].map((_, k) => 200 * k + 199 + 2));
    expect(rejects.find((reject) => reject.row === 201)).toEqual({
      row: 201,
      input: { email: "lead199-at-example.com", name: "Lead 199", custom_attributes: { bucket: 199 % 7 } },
      error: {
        name: "LeadValidationError",
        message: "Invalid lead: email: must be an email address",
        issues: [{ path: ["email"], message: "must be an email address" }],
      },
    });
    const journal = journalStates(`${file}.journal`);
    expect(journal.size).toBe(ROWS);
    expect([...journal.values()].filter((state) => state === "created")).toHaveLength(ROWS - 10);

    // A fourth run finds every row done and sends nothing.
    const requestsBefore = ws.fake.requests.length;
    const fourth = await runCli(args, { cwd: ws.dir });
    expect(fourth.code).toBe(1);
    expect(ws.fake.requests.length).toBe(requestsBefore);
    expect(maskTimings(fourth.stdout)).toBe(
      [
        "created: 0",
        "failed: 0",
        "skipped: 0",
        "already done: 2,000 (by earlier runs: 1,990 created, 10 failed, 0 skipped)",
        "elapsed: <t>",
        "rate: <r> leads/s",
        "rejects: 10 rows in leads.csv.rejects.ndjson",
        "journal: leads.csv.journal is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)",
        "",
      ].join("\n"),
    );
    expect(readFileSync(`${file}.rejects.ndjson`, "utf8").split("\n")).toHaveLength(11);
  });

  it("does not resend a row without an email that was in flight at the kill: it is rejected as maybe created", async () => {
    const file = join(ws.dir, "leads.ndjson");
    const lines = [{ name: "No Email", phone: "+15550001" }, { email: "in-flight@example.com", name: "In Flight" }, { email: "later@example.com" }];
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    const args = ["import", "leads.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--concurrency", "2"];
    ws.fake.inject({ kind: "slow", delayMs: 60_000 }, { times: 2 });

    const first = startCli(args, { cwd: ws.dir });
    await waitFor(() => pendingCreates(ws) === 2, "both first rows in flight");
    first.child.kill("SIGKILL");
    await first.done;
    expect(ws.fake.leads).toHaveLength(2);

    const second = await runCli(args, { cwd: ws.dir });

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
    expect(ws.fake.leads.map((lead) => lead.body.email).sort()).toEqual(["", "in-flight@example.com", "later@example.com"]);
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

  it("stops cleanly on Ctrl-C (exit 130), and the next run finishes the file exactly", async () => {
    const file = join(ws.dir, "leads.ndjson");
    writeFileSync(file, `${Array.from({ length: 600 }, (_, i) => JSON.stringify({ email: `int${i}@example.com` })).join("\n")}\n`);
    const args = ["import", "leads.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url];

    const first = startCli(args, { cwd: ws.dir });
    await waitFor(() => ws.fake.leads.length >= 100, "a hundred leads");
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
    expect(created).toBeLessThan(600);

    const second = await runCli(args, { cwd: ws.dir });

    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`created: ${600 - created}\n`);
    expect(ws.fake.requests.filter((request) => request.path === "/contacts/search")).toHaveLength(0);
    expect(new Set(ws.fake.leads.map((lead) => lead.body.email)).size).toBe(600);
    expect(ws.fake.leads).toHaveLength(600);
  });
});
