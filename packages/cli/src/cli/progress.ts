import { Presets, SingleBar } from "cli-progress";
import type { ImportProgress } from "../types.ts";
import { Estimator } from "./estimate.ts";
import { formatCount } from "./format.ts";

/** Shows an import's progress while it runs. */
export interface ProgressReporter {
  /** Takes the latest counts; cheap, called for every row. */
  update(progress: ImportProgress): void;
  /** Writes a line of its own (ending with a newline) between progress updates, without drawing over it. */
  note(text: string): void;
  /** Ends the display (the last bar state, or nothing more in plain mode). */
  stop(): void;
}

/** Options of `createProgressReporter`. */
export interface ProgressReporterOptions {
  /** Draw a redrawn bar (a terminal) or write plain lines (a log, a pipe, CI). */
  readonly tty: boolean;
  /** Rate rows checked rather than leads created. */
  readonly dryRun: boolean;
  /** Plain mode: the longest gap between lines. @default 5000 */
  readonly intervalMs?: number;
}

function eta(seconds: number | undefined): string {
  if (seconds === undefined) return "--";
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
}

function countsText(progress: ImportProgress, dryRun: boolean): string {
  const { created, failed, skipped, processed, alreadyDone } = progress;
  const counts = dryRun
    ? `${formatCount(processed - failed - skipped)} valid, ${formatCount(failed)} invalid`
    : `${progress.queued === undefined ? `${formatCount(created)} created` : `${formatCount(progress.queued)} queued`}, ${formatCount(failed)} failed, ${formatCount(skipped)} skipped`;
  return alreadyDone > 0 ? `${counts}, ${formatCount(alreadyDone)} already done` : counts;
}

/** What the bar shows besides the bar itself. */
interface BarPayload {
  readonly rows: string;
  readonly rate: string;
  readonly timeLeft: string;
  readonly counts: string;
}

const BAR_FULL = "\u2588";
const BAR_EMPTY = "\u2591";
const MAX_BAR = 40;
const MIN_BAR = 10;

/**
 * The bar's line, fitted to `columns`: the bar shrinks first (to 10 cells, then none), then the rate
 * and the ETA go, so the counts are never cut off by the terminal's edge.
 */
export function fitBarLine(fraction: number, payload: BarPayload, unit: string, columns: number): string {
  const width = Math.max(1, columns - 1);
  const percent = `${Math.floor(fraction * 100)}%`;
  const rows = `${payload.rows} rows`;
  const rate = `${payload.rate} ${unit}`;
  const eta = `ETA ${payload.timeLeft}`;
  const texts = [
    [percent, rows, rate, eta, payload.counts],
    [percent, rows, eta, payload.counts],
    [percent, rows, payload.counts],
    [percent, payload.counts],
  ].map((parts) => parts.join(" | "));
  for (const text of texts) {
    const room = Math.min(MAX_BAR, width - text.length - 1);
    if (room >= MIN_BAR) {
      const full = Math.round(Math.min(1, Math.max(0, fraction)) * room);
      return `${BAR_FULL.repeat(full)}${BAR_EMPTY.repeat(room - full)} ${text}`;
    }
  }
  const fitting = texts.find((text) => text.length <= width);
  return fitting ?? (texts.at(-1) ?? "").slice(0, width);
}

/**
 * A cli-progress bar on a terminal: percentage of the file, rows, rate and ETA, redrawn in place and
 * fitted to the terminal's width. A note (the Ctrl-C notice) ends the bar first, so that nothing is
 * drawn over it, and the next update starts a new bar below it.
 */
function barReporter(stream: NodeJS.WritableStream, dryRun: boolean): ProgressReporter {
  const estimator = new Estimator(dryRun);
  const unit = dryRun ? "rows/s" : "leads/s";
  let bar: SingleBar | undefined;
  const newBar = (): SingleBar =>
    new SingleBar(
      {
        stream,
        format: (_options, params, payload) =>
          fitBarLine(params.progress, payload as BarPayload, unit, params.maxWidth || 80),
        hideCursor: true,
      },
      Presets.shades_classic,
    );
  return {
    update(progress) {
      const { percent, rate, etaSeconds } = estimator.estimate(progress);
      const payload: BarPayload = {
        rows: formatCount(progress.processed),
        rate: rate.toFixed(1),
        timeLeft: eta(etaSeconds),
        counts: countsText(progress, dryRun),
      };
      // The bar measures percent of the file's bytes: the file is never counted row by row first.
      if (bar === undefined) {
        bar = newBar();
        bar.start(100, Math.floor(percent), payload);
      } else bar.update(Math.floor(percent), payload);
    },
    note(text) {
      // cli-progress puts the cursor back where the bar started when it stops: stopped first, the bar leaves its
      // last state on its own line and the note goes below it.
      bar?.stop();
      bar = undefined;
      stream.write(text);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * Plain lines for logs: one every `intervalMs`, or sooner when another tenth of the file is done
 * (but not more than one a second), so short imports still show a few and long ones do not flood.
 */
function lineReporter(stream: NodeJS.WritableStream, dryRun: boolean, intervalMs: number): ProgressReporter {
  const estimator = new Estimator(dryRun);
  const unit = dryRun ? "rows/s" : "leads/s";
  let latest: ImportProgress | undefined;
  let lastWrite = Date.now();
  let lastTenth = 0;
  let written: ImportProgress | undefined;

  function write(): void {
    if (!latest || latest === written) return;
    const { percent, rate, etaSeconds } = estimator.estimate(latest);
    stream.write(
      `progress: ${formatCount(latest.processed)} rows (${Math.floor(percent)}%) | ${countsText(latest, dryRun)} | ${rate.toFixed(1)} ${unit} | ETA ${eta(etaSeconds)}\n`,
    );
    written = latest;
    lastWrite = Date.now();
    lastTenth = Math.floor(percent / 10);
  }

  const timer = setInterval(() => {
    const sinceLast = Date.now() - lastWrite;
    const tenth = latest ? Math.floor(estimator.estimate(latest).percent / 10) : 0;
    if (sinceLast >= intervalMs || (tenth > lastTenth && sinceLast >= 1000)) write();
  }, 250);
  // The timer must never keep a finished import's process alive.
  timer.unref();

  return {
    update(progress) {
      latest = progress;
    },
    note(text) {
      stream.write(text);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** A bar on a terminal, plain periodic lines anywhere else. */
export function createProgressReporter(
  stream: NodeJS.WritableStream,
  options: ProgressReporterOptions,
): ProgressReporter {
  return options.tty
    ? barReporter(stream, options.dryRun)
    : lineReporter(stream, options.dryRun, options.intervalMs ?? 5000);
}
