import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressReporter, fitBarLine, type ProgressReporter } from "../src/cli/progress.ts";
import type { ImportProgress } from "../src/types.ts";

// A file of 1,000 rows of 10 bytes: a tenth of it is 100 rows.
function progress(rows: number, elapsedMs: number, counts: Partial<ImportProgress> = {}): ImportProgress {
  return {
    processed: rows,
    created: rows,
    failed: 0,
    skipped: 0,
    alreadyDone: 0,
    inFlight: 0,
    bytesRead: rows * 10,
    totalBytes: 10_000,
    elapsedMs,
    ...counts,
  };
}

/** A plain-line reporter writing into an array, on fake time. */
function plainReporter(dryRun = false): { reporter: ProgressReporter; lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WritableStream;
  return { reporter: createProgressReporter(stream, { tty: false, dryRun }), lines };
}

describe("plain progress lines (stderr is not a terminal)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits a second for the first line, then writes one per tenth of the file, at most one a second", () => {
    const { reporter, lines } = plainReporter();
    reporter.update(progress(300, 100));
    vi.advanceTimersByTime(999);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lines).toEqual(["progress: 300 rows (30%) | 300 created, 0 failed, 0 skipped | 3000.0 leads/s | ETA --\n"]);

    // Another tenth right away waits for the second to be up.
    reporter.update(progress(400, 1100));
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines.at(-1)).toBe("progress: 400 rows (40%) | 400 created, 0 failed, 0 skipped | 363.6 leads/s | ETA 6s\n");
    reporter.stop();
  });

  it("writes a line every 5 seconds while within one tenth, and none without news or after stop()", () => {
    const { reporter, lines } = plainReporter();
    reporter.update(progress(150, 500));
    vi.advanceTimersByTime(1_000);
    expect(lines).toHaveLength(1);

    reporter.update(progress(190, 5_000, { created: 180, failed: 8, skipped: 2, alreadyDone: 2_000 }));
    vi.advanceTimersByTime(4_999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines.at(-1)).toBe(
      "progress: 190 rows (19%) | 180 created, 8 failed, 2 skipped, 2,000 already done | 36.0 leads/s | ETA 1m 32s\n",
    );

    // The same progress again is no news.
    vi.advanceTimersByTime(20_000);
    expect(lines).toHaveLength(2);

    reporter.update(progress(195, 30_000));
    reporter.stop();
    vi.advanceTimersByTime(20_000);
    expect(lines).toHaveLength(2);
  });

  it("counts rows checked in a dry run", () => {
    const { reporter, lines } = plainReporter(true);
    reporter.update(progress(200, 500, { created: 0, failed: 5 }));
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual(["progress: 200 rows (20%) | 195 valid, 5 invalid | 400.0 rows/s | ETA --\n"]);
    reporter.stop();
  });
});

describe("fitting the display", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says 99% while rows are in flight, though the whole file is read", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const { reporter, lines } = plainReporter();
    reporter.update(progress(997, 2_000, { bytesRead: 10_000, inFlight: 3 }));
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual(["progress: 997 rows (99%) | 997 created, 0 failed, 0 skipped | 498.5 leads/s | ETA --\n"]);
    reporter.stop();
  });

  it("fits the bar's line to the terminal: the bar shrinks, then the rate and the ETA go, never the counts", () => {
    const payload = {
      rows: "1,234,567",
      rate: "162.4",
      timeLeft: "1m 05s",
      counts: "1,234,560 created, 7 failed, 0 skipped",
    };
    const wide = fitBarLine(0.5, payload, "leads/s", 160);
    expect(wide).toBe(
      `${"\u2588".repeat(20)}${"\u2591".repeat(20)} 50% | 1,234,567 rows | 162.4 leads/s | ETA 1m 05s | 1,234,560 created, 7 failed, 0 skipped`,
    );
    for (const columns of [120, 100, 80, 60]) {
      const line = fitBarLine(0.5, payload, "leads/s", columns);
      expect(line.length).toBeLessThan(columns);
      expect(line).toMatch(/1,234,560 created, 7 failed, 0 skipped$/);
    }
    expect(fitBarLine(0.5, payload, "leads/s", 80)).toMatch(/^[\u2588\u2591]{10,} 50% \| 1,234,567 rows \| 1,234,560/);
    expect(fitBarLine(0.5, payload, "leads/s", 30)).toBe("50% | 1,234,560 created, 7 fa");
  });
});
