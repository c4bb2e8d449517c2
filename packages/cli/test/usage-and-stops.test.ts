import { existsSync } from "node:fs";
import { join } from "node:path";
import { IntercomNetworkError } from "@intercom-leads/core";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect } from "vitest";
import { stopMessage } from "../src/import/classify-failure.ts";
import { closedPort } from "./support/closed-port.ts";
import { runInProcess } from "./support/in-process.ts";
import { journalStates, maskTimings, searchRequests, storedEmails } from "./support/outputs.ts";
import { test, type Workspace } from "./support/workspace.ts";

const CSV = "email,name\nu1@example.com,U1\nu2@example.com,U2\nu3@example.com,U3\n";
const ALL = ["u1@example.com", "u2@example.com", "u3@example.com"];

describe("intercom-leads import, usage errors", () => {
  // In this process through main(), the function bin.js runs: these stop before any request, and
  // starting Node for each would be most of their time. The built command is run below.
  test.for<[string, (ws: Workspace) => string[], (ws: Workspace) => string]>([
    ["no token", (ws) => ["import", ws.write("leads.csv", CSV)], () => "An Intercom access token is needed"],
    ["no file", () => ["import"], () => "missing required argument 'file'"],
    [
      "a missing file",
      (ws) => ["import", join(ws.dir, "nope.csv"), "--token", "t"],
      (ws) => `error: Cannot read ${join(ws.dir, "nope.csv")}: no such file\n`,
    ],
    [
      "an unknown region",
      (ws) => ["import", ws.write("leads.csv", CSV), "--token", "t", "--region", "mars"],
      () => "Allowed choices are us, eu, au",
    ],
    [
      "a bad concurrency",
      (ws) => ["import", ws.write("leads.csv", CSV), "--token", "t", "--concurrency", "0"],
      () => "Use a whole number from 1 to 64",
    ],
    [
      "an unknown extension",
      (ws) => ["import", ws.write("leads.txt", CSV), "--token", "t"],
      () => "--format csv or --format ndjson",
    ],
    [
      "a malformed API version",
      (ws) => ["import", ws.write("leads.csv", CSV), "--token", "t", "--base-url", ws.url, "--api-version", "v3"],
      () => "must be an Intercom API version",
    ],
    [
      "a malformed API version in a dry run, which builds no client",
      (ws) => ["import", ws.write("leads.csv", CSV), "--dry-run", "--api-version", "2"],
      () => "must be an Intercom API version",
    ],
    [
      "a token over plain http to another host",
      (ws) => ["import", ws.write("leads.csv", CSV), "--token", "t", "--base-url", "http://example.com"],
      () => "A token is only sent over https://",
    ],
  ])("exits 2 on %s, sending nothing", async ([, args, message], { ws }) => {
    const run = await runInProcess(args(ws));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message(ws));
    expect(run.stdout).toBe("");
    expect(ws.fake.requests).toHaveLength(0);
  });

  test("exits 2 on CSV columns that are not Intercom fields, naming them all, before sending anything", async ({
    ws,
  }) => {
    const file = ws.write("odd.csv", "email,Company,email,custom_attributes.\na@example.com,Acme,b@example.com,x\n");
    const run = await runInProcess(["import", file, "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: The CSV header cannot be imported: "Company" is not an Intercom lead field in API 2.14 (name it custom_attributes.Company to send it as a custom attribute); ' +
        '"email" appears twice; "custom_attributes." names no custom attribute\n',
    );
    expect(ws.fake.requests).toHaveLength(0);
  });

  test("the built command exits with that code, and sees no token from the runner's environment", async ({ ws }) => {
    ws.write("leads.csv", CSV);
    const run = await ws.run(["import", "leads.csv", "--base-url", ws.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("An Intercom access token is needed");
    expect(run.stdout).toBe("");
    expect(ws.fake.requests).toHaveLength(0);
  });

  test("the built command prints help and the version with exit code 0", async ({ ws }) => {
    const help = await ws.run(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: intercom-leads import [options] <file>");
    expect(help.stdout).toContain("--dry-run");
    const version = await ws.run(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("intercom-leads import, early stops", () => {
  test("stops at a refused token (exit 3) and, with the right one, creates every row on the next run", async ({
    ws,
  }) => {
    ws.write("leads.csv", CSV);
    const wrong = await ws.run([
      "import",
      "leads.csv",
      "--token",
      "wrong-token",
      "--base-url",
      ws.url,
      "--concurrency",
      "1",
    ]);

    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(
      /^stopped: IntercomApiError: Intercom answered 401 unauthorized.* \(check --token or INTERCOM_TOKEN\)$/m,
    );
    expect(wrong.stdout).toContain("journal: leads.csv.journal: run the same command again to resume\n");
    expect(ws.fake.leads).toHaveLength(0);
    // A 401 proves nothing was stored, so the rows are sent as new next time, not looked up.
    const states = journalStates(join(ws.dir, "leads.csv.journal"));
    expect(states.get(2)).toBe("unsent");
    expect(new Set(states.values())).toEqual(new Set(["unsent"]));

    const right = await ws.run(ws.importArgs("leads.csv"));

    expect(right.code).toBe(0);
    expect(maskTimings(right.stdout)).toMatch(/^created: 3\nfailed: 0\nskipped: 0\nalready done: 0\n/);
    expect(storedEmails(ws.fake)).toEqual(ALL);
    expect(searchRequests(ws.fake)).toHaveLength(0);
  });

  test.for([
    ["a closed port", async (): Promise<string> => `http://127.0.0.1:${await closedPort()}`],
    // Port 1 is one fetch refuses to use ("bad port", no code): without the check, each row was looked up for 30 s.
    ["port 1", async (): Promise<string> => "http://127.0.0.1:1"],
  ] as const)(
    "says at once that %s cannot be reached (exit 3), sends nothing, and the next run creates every row",
    async ([, unreachable], { ws }) => {
      ws.write("leads.csv", CSV);
      const args = ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--concurrency", "1"];
      const down = await unreachable();

      const started = Date.now();
      const run = await ws.run([...args, "--base-url", down]);

      expect(run.code).toBe(3);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.stdout).toContain(
        `stopped: cannot reach ${down}: connection refused (check --base-url, --region and the network); nothing was sent\n`,
      );
      expect(run.stdout).toContain("journal: none written (nothing was sent)\n");
      expect(existsSync(join(ws.dir, "leads.csv.journal"))).toBe(false);

      const up = await ws.run([...args, "--base-url", ws.url]);

      expect(up.code).toBe(0);
      expect(maskTimings(up.stdout)).toMatch(/^created: 3\nfailed: 0\n/);
      expect(storedEmails(ws.fake)).toEqual(ALL);
    },
  );

  test("names the connection's failure when the network goes mid-run", () => {
    const refused = new IntercomNetworkError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      false,
    );
    expect(stopMessage(refused)).toBe(
      "IntercomNetworkError: Could not connect to Intercom; nothing was sent (connection refused) (check --base-url, --region and the network)",
    );
  });

  test("stops when every row in a row fails ambiguously (an outage), and the next run looks them up before creating them", async ({
    ws,
  }) => {
    ws.write("leads.csv", CSV);
    // Three rows, four rounds each (create, then look up and create again three times): all answered 500, none stored.
    ws.fake.inject({ kind: "server-error", stored: false }, { times: 12 });
    const args = ws.importArgs("leads.csv", "--reconcile-wait-ms", "0", "--concurrency", "1");

    const outage = await ws.run(args);

    expect(outage.code).toBe(3);
    expect(outage.stdout).toMatch(
      /^stopped: 3 rows in a row could not be settled; the last: IntercomApiError: Intercom answered 500/m,
    );
    expect(outage.stdout).toContain("unfinished: 3 (left for the next run)\n");
    // A 500 may have stored the lead: the rows stay at "sending", to be looked up.
    expect(journalStates(join(ws.dir, "leads.csv.journal"))).toEqual(
      new Map([
        [2, "sending"],
        [3, "sending"],
        [4, "sending"],
      ]),
    );
    expect(ws.fake.leads).toHaveLength(0);
    const searchesBefore = searchRequests(ws.fake).length;

    const after = await ws.run(args);

    expect(after.code).toBe(0);
    expect(maskTimings(after.stdout)).toMatch(/^created: 3\nfailed: 0\n/);
    expect(searchRequests(ws.fake).length - searchesBefore).toBe(3);
    expect(storedEmails(ws.fake)).toEqual(ALL);
  });
});
