import { spawnSync } from "node:child_process";
import { describe } from "vitest";
import { BIN, startProcess } from "./support/cli.ts";
import { besidesProgressLines } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

// util-linux `script` runs the command on a pseudo-terminal, which is what makes stderr a TTY.
const hasScript = spawnSync("script", ["--version"]).status === 0;
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
const ROWS = 100;
const leads = (): string =>
  `${Array.from({ length: ROWS }, (_, i) => JSON.stringify({ email: `p${i}@example.com` })).join("\n")}\n`;

// The pacing rules of the plain lines are checked on fake time in progress.test.ts; these runs
// check what the built command shows on a real terminal and on a pipe.
describe.concurrent("intercom-leads import, progress display", () => {
  test.skipIf(!hasScript)("draws a bar with the count, the rate and the ETA on a terminal", async ({ ws, expect }) => {
    ws.write("leads.ndjson", leads());
    const command = [process.execPath, BIN, ...ws.importArgs("leads.ndjson")].map(quote).join(" ");
    const result = await startProcess("script", ["-qfec", command, "/dev/null"], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? "", TERM: "xterm" },
    }).done;

    expect(result.code).toBe(0);
    // Redrawn in place: carriage returns or cursor moves, and the final state of the bar.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC [ starts the terminal escape codes the bar redraws with.
    expect(result.stdout).toMatch(/\u001b\[/);
    expect(result.stdout).toMatch(
      new RegExp(`100% \\| ${ROWS} rows \\| [\\d.]+ leads/s \\| ETA \\d+s \\| ${ROWS} created, 0 failed, 0 skipped`),
    );
    expect(result.stdout).toContain(`created: ${ROWS}\r\n`);
    expect(ws.fake.leads).toHaveLength(ROWS);
  });

  test("writes plain progress lines to stderr when it is not a terminal", async ({ ws, expect }) => {
    ws.write("leads.ndjson", leads());
    // The first answer is held until a line is out: lines start a second into a run, and without
    // the hold this one would be over long before.
    const held = ws.holdCreates(1);
    const run = ws.start(ws.importArgs("leads.ndjson", "--concurrency", "2"));
    await run.before(held, "the first create");
    const [line] = await run.output("stderr", /^progress: .*\n/m);
    ws.release();
    const result = await run.done;

    expect(result.code).toBe(0);
    expect(line).toMatch(
      /^progress: [\d,]+ rows \(\d+%\) \| [\d,]+ created, \d+ failed, \d+ skipped \| [\d.]+ leads\/s \| ETA (\d+s|--)\n$/,
    );
    // Only such lines: no bar, no escape codes, no carriage returns.
    expect(besidesProgressLines(result.stderr)).toBe("");
    expect(result.stdout).toMatch(new RegExp(`^created: ${ROWS}\\n`));
  });
});
