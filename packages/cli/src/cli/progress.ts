import { Presets, SingleBar } from "cli-progress";
import type { ImportProgress } from "../types.ts";
import { Estimator } from "./estimate.ts";
import { formatCount } from "./format.ts";

/** Shows an import's progress while it runs. */
export interface ProgressReporter {
  /** Takes the latest counts; cheap, called for every row. */
  update(progress: ImportProgress): void;
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
    : `${formatCount(created)} created, ${formatCount(failed)} failed, ${formatCount(skipped)} skipped`;
  return alreadyDone > 0 ? `${counts}, ${formatCount(alreadyDone)} already done` : counts;
}

/** A cli-progress bar on a terminal: percentage of the file, rows, rate and ETA, redrawn in place. */
function barReporter(stream: NodeJS.WritableStream, dryRun: boolean): ProgressReporter {
  const estimator = new Estimator(dryRun);
  const unit = dryRun ? "rows/s" : "leads/s";
  const bar = new SingleBar(
    {
      stream,
      // {eta} is cli-progress's own (by bar value); {timeLeft} is ours, paced on this run's rows.
      format: `{bar} {percentage}% | {rows} rows | {rate} ${unit} | ETA {timeLeft} | {counts}`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const { percent, rate, etaSeconds } = estimator.estimate(progress);
      const payload = {
        rows: formatCount(progress.processed),
        rate: rate.toFixed(1),
        timeLeft: eta(etaSeconds),
        counts: countsText(progress, dryRun),
      };
      // The bar measures percent of the file's bytes: the file is never counted row by row first.
      if (!started) bar.start(100, 0, payload);
      started = true;
      bar.update(Math.floor(percent), payload);
    },
    stop() {
      if (started) bar.stop();
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
