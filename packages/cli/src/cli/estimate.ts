import type { ImportProgress } from "../types.ts";

/** What a progress display shows besides the counts. */
export interface Estimate {
  /** How far through the file, 0 to 100. */
  readonly percent: number;
  /** Leads created per second (rows checked per second in a dry run). */
  readonly rate: number;
  /** Seconds left at the recent pace, or `undefined` before there is a pace. */
  readonly etaSeconds: number | undefined;
}

/**
 * Turns progress into a percentage, a rate and an ETA. Progress is measured in bytes of the file,
 * which needs no first pass to count rows. The pace is taken from the first finished row on, so
 * the rows an earlier run finished (skipped in a burst at the start) do not make the ETA optimistic.
 */
export class Estimator {
  readonly #dryRun: boolean;
  #start: { bytes: number; ms: number } | undefined;

  /** @param dryRun Rate rows checked rather than leads created. */
  constructor(dryRun: boolean) {
    this.#dryRun = dryRun;
  }

  /** The estimate for the latest progress. */
  estimate(progress: ImportProgress): Estimate {
    const { bytesRead, totalBytes, elapsedMs, processed, created } = progress;
    if (this.#start === undefined && processed > 0) this.#start = { bytes: bytesRead, ms: elapsedMs };
    // All of the file read is not all of it done: rows still in flight keep it under 100%.
    const read = totalBytes > 0 ? Math.min(100, (bytesRead / totalBytes) * 100) : 100;
    const percent = progress.inFlight > 0 ? Math.min(read, 99) : read;
    const rate = elapsedMs > 0 ? ((this.#dryRun ? processed : created) / elapsedMs) * 1000 : 0;
    let etaSeconds: number | undefined;
    if (this.#start && elapsedMs > this.#start.ms && bytesRead > this.#start.bytes) {
      const bytesPerMs = (bytesRead - this.#start.bytes) / (elapsedMs - this.#start.ms);
      etaSeconds = Math.max(0, (totalBytes - bytesRead) / bytesPerMs / 1000);
    }
    return { percent, rate, etaSeconds };
  }
}
