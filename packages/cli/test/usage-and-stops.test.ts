import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { journalStates, maskTimings, openWorkspace, type Workspace } from "./support/workspace.ts";

describe("intercom-leads import, usage errors and early stops", () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace();
    writeFileSync(join(ws.dir, "leads.csv"), "email,name\nu1@example.com,U1\nu2@example.com,U2\nu3@example.com,U3\n");
  });
  afterEach(async () => {
    await ws.close();
  });

  it.each([
    ["no token", ["import", "leads.csv"], "An Intercom access token is needed"],
    ["no file", ["import"], "missing required argument 'file'"],
    ["a missing file", ["import", "nope.csv", "--token", "t"], "Cannot read nope.csv: ENOENT"],
    ["an unknown region", ["import", "leads.csv", "--token", "t", "--region", "mars"], "Allowed choices are us, eu, au"],
    ["a bad concurrency", ["import", "leads.csv", "--token", "t", "--concurrency", "0"], "Use a whole number from 1 to 64"],
    ["an unknown extension", ["import", "leads.txt", "--token", "t"], "--format csv or --format ndjson"],
    ["a malformed API version", ["import", "leads.csv", "--token", "t", "--base-url", "http://127.0.0.1:9", "--api-version", "v3"], "must be an Intercom API version"],
    ["a token over plain http to another host", ["import", "leads.csv", "--token", "t", "--base-url", "http://example.com"], "A token is only sent over https://"],
  ])("exits 2 on %s, sending nothing", async (_what, args, message) => {
    const run = await runCli(args, { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
    expect(ws.fake.requests).toHaveLength(0);
  });

  it("exits 2 on CSV columns that are not Intercom fields, naming them all, before sending anything", async () => {
    writeFileSync(join(ws.dir, "odd.csv"), "email,Company,email,custom_attributes.\na@example.com,Acme,b@example.com,x\n");
    const run = await runCli(["import", "odd.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url], { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: The CSV header cannot be imported: "Company" is not an Intercom lead field (name it custom_attributes.Company to send it as a custom attribute); ' +
        '"email" appears twice; "custom_attributes." names no custom attribute\n',
    );
    expect(ws.fake.requests).toHaveLength(0);
  });

  it("stops at a refused token (exit 3) and, with the right one, creates every row on the next run", async () => {
    const wrong = await runCli(["import", "leads.csv", "--token", "wrong-token", "--base-url", ws.server.url, "--concurrency", "1"], { cwd: ws.dir });

    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/^stopped: IntercomApiError: Intercom answered 401 unauthorized.* \(check --token or INTERCOM_TOKEN\)$/m);
    expect(wrong.stdout).toContain("journal: leads.csv.journal: run the same command again to resume\n");
    expect(ws.fake.leads).toHaveLength(0);
    // A 401 proves nothing was stored, so the rows are sent as new next time, not looked up.
    const states = journalStates(join(ws.dir, "leads.csv.journal"));
    expect(states.get(2)).toBe("unsent");
    expect(new Set(states.values())).toEqual(new Set(["unsent"]));

    const right = await runCli(["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url], { cwd: ws.dir });

    expect(right.code).toBe(0);
    expect(maskTimings(right.stdout)).toMatch(/^created: 3\nfailed: 0\nskipped: 0\nalready done: 0\n/);
    expect(ws.fake.leads.map((lead) => lead.body.email).sort()).toEqual(["u1@example.com", "u2@example.com", "u3@example.com"]);
    expect(ws.fake.requests.filter((request) => request.path === "/contacts/search")).toHaveLength(0);
  });

  it("stops at once when Intercom cannot be reached, and the next run sends the row that failed as new", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const args = ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--concurrency", "1"];

    const down = await runCli([...args, "--base-url", `http://127.0.0.1:${closed}`], { cwd: ws.dir });

    expect(down.code).toBe(3);
    expect(down.stdout).toMatch(/^stopped: IntercomNetworkError: .* \(check --base-url, --region and the network\)$/m);
    expect(journalStates(join(ws.dir, "leads.csv.journal")).get(2)).toBe("unsent");

    const up = await runCli([...args, "--base-url", ws.server.url], { cwd: ws.dir });

    expect(up.code).toBe(0);
    expect(maskTimings(up.stdout)).toMatch(/^created: 3\nfailed: 0\n/);
    expect(ws.fake.leads.map((lead) => lead.body.email).sort()).toEqual(["u1@example.com", "u2@example.com", "u3@example.com"]);
  });

  it("stops when every row in a row fails ambiguously (an outage), and the next run looks them up before creating them", async () => {
    // Three rows, four rounds each (create, then look up and create again three times): all answered 500, none stored.
    ws.fake.inject({ kind: "server-error", stored: false }, { times: 12 });
    const args = ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--reconcile-wait-ms", "0", "--concurrency", "1"];

    const outage = await runCli(args, { cwd: ws.dir });

    expect(outage.code).toBe(3);
    expect(outage.stdout).toMatch(/^stopped: 3 rows in a row could not be settled; the last: IntercomApiError: Intercom answered 500/m);
    expect(outage.stdout).toContain("unfinished: 3 (left for the next run)\n");
    // A 500 may have stored the lead: the rows stay at "sending", to be looked up.
    expect(journalStates(join(ws.dir, "leads.csv.journal"))).toEqual(new Map([[2, "sending"], [3, "sending"], [4, "sending"]]));
    expect(ws.fake.leads).toHaveLength(0);
    const searchesBefore = ws.fake.requests.filter((request) => request.path === "/contacts/search").length;

    const after = await runCli(args, { cwd: ws.dir });

    expect(after.code).toBe(0);
    expect(maskTimings(after.stdout)).toMatch(/^created: 3\nfailed: 0\n/);
    expect(ws.fake.requests.filter((request) => request.path === "/contacts/search").length - searchesBefore).toBe(3);
    expect(ws.fake.leads.map((lead) => lead.body.email).sort()).toEqual(["u1@example.com", "u2@example.com", "u3@example.com"]);
  });

  it("prints help and the version with exit code 0", async () => {
    const help = await runCli(["import", "--help"], { cwd: ws.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: intercom-leads import [options] <file>");
    expect(help.stdout).toContain("--dry-run");
    const version = await runCli(["--version"], { cwd: ws.dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
