import { spawn, spawnSync } from "node:child_process";
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
    // Wide enough for the whole line; at 80 columns the rate goes (the test below).
    const result = await startProcess("script", ["-qfec", `stty cols 160 rows 24; exec ${command}`, "/dev/null"], {
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

  test.skipIf(!hasScript)(
    "on Ctrl-C at 80 columns: the counts fit, and neither the notice nor the summary is drawn over",
    async ({ ws, expect }) => {
      ws.write("leads.ndjson", leads());
      const args = [process.execPath, BIN, ...ws.importArgs("leads.ndjson", "--concurrency", "1")].map(quote);
      // A real Ctrl-C: the byte goes in at the terminal, whose line discipline signals the command.
      const child = spawn("script", ["-qfec", `stty cols 80 rows 24; exec ${args.join(" ")}`, "/dev/null"], {
        cwd: ws.dir,
        env: { PATH: process.env.PATH ?? "", TERM: "xterm" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      const seen: { pattern: RegExp; resolve: () => void }[] = [];
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        for (const watch of [...seen]) if (watch.pattern.test(output)) watch.resolve();
      });
      const done = new Promise<number | null>((resolve) => child.once("close", resolve));
      const shown = (pattern: RegExp): Promise<void> =>
        new Promise((resolve) => {
          if (pattern.test(output)) resolve();
          else seen.push({ pattern, resolve });
        });

      // Some rows done and a bar drawn, then one create held: the import is mid-run when Ctrl-C comes.
      await ws.until((fake) => fake.leads.length >= 5);
      const held = ws.holdCreates(1);
      await held;
      await shown(/\d+ created, 0 failed, 0 skipped/);
      child.stdin.write("\u0003");
      await shown(/SIGINT: finishing the rows in flight/);
      ws.release();
      const code = await done;

      expect(code).toBe(130);
      // Every frame of the bar fits in 79 columns and ends with the counts.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC [ 1G starts a frame, ESC [ 0K ends it.
      const frames = [...output.matchAll(/\u001b\[1G(.*?)\u001b\[0K/g)].map((match) => match[1] ?? "");
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) {
        expect(frame.length).toBeLessThan(80);
        expect(frame).toMatch(/\d+ created, 0 failed, 0 skipped$/);
      }
      // The bar puts the cursor back where it started (ESC 8) when it stops: where it was saved (ESC 7)
      // must be below the notice, or the summary lands on top of it.
      const notice = output.indexOf("SIGINT: finishing the rows in flight");
      const summary = output.indexOf("created: ");
      expect(notice).toBeGreaterThan(-1);
      expect(summary).toBeGreaterThan(notice);
      expect(output.lastIndexOf("\u001b7", summary)).toBeGreaterThan(notice);
      expect(output.slice(summary)).toMatch(/^created: \d+\r\nfailed: 0\r\n[\s\S]*stopped: Interrupted\r\n/);
    },
  );

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
