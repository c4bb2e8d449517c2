import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, runCli, startProcess } from "./support/cli.ts";
import { openWorkspace, type Workspace } from "./support/workspace.ts";

// util-linux `script` runs the command on a pseudo-terminal, which is what makes stderr a TTY.
const hasScript = spawnSync("script", ["--version"]).status === 0;
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

describe("intercom-leads import, progress display", () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace();
    const rows = Array.from({ length: 300 }, (_, i) => JSON.stringify({ email: `p${i}@example.com` }));
    writeFileSync(join(ws.dir, "leads.ndjson"), `${rows.join("\n")}\n`);
  });
  afterEach(async () => {
    await ws.close();
  });

  it.skipIf(!hasScript)("draws a bar with the count, the rate and the ETA on a terminal", async () => {
    const command = [process.execPath, BIN, "import", "leads.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url].map(quote).join(" ");
    const result = await startProcess("script", ["-qfec", command, "/dev/null"], { cwd: ws.dir, env: { PATH: process.env.PATH ?? "", TERM: "xterm" } }).done;

    expect(result.code).toBe(0);
    // Redrawn in place: carriage returns or cursor moves, and the final state of the bar.
    expect(result.stdout).toMatch(/\u001b\[/);
    expect(result.stdout).toMatch(/100% \| 300 rows \| [\d.]+ leads\/s \| ETA \d+s \| 300 created, 0 failed, 0 skipped/);
    expect(result.stdout).toContain("created: 300\r\n");
    expect(ws.fake.leads).toHaveLength(300);
  });

  it("writes plain progress lines to stderr when it is not a terminal", async () => {
    // One slow answer keeps the run going past the first second, when lines start.
    ws.fake.inject({ kind: "slow", delayMs: 2500 });
    const run = await runCli(["import", "leads.ndjson", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.server.url, "--concurrency", "2"], { cwd: ws.dir });

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/\u001b|\r/);
    // A line per tenth of the file, at most one a second, and one every 5 seconds whatever happens.
    const lines = run.stderr.trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toMatch(/^progress: [\d,]+ rows \(\d+%\) \| [\d,]+ created, \d+ failed, \d+ skipped \| [\d.]+ leads\/s \| ETA (\d+s|--)$/);
    }
    expect(run.stdout).toMatch(/^created: 300\n/);
  });
});
