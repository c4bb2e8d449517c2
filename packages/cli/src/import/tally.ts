import type { EarlierRuns, ImportProgress } from "../types.ts";

/** The counts one run keeps as rows finish. */
export class Tally {
  readonly started: number = Date.now();
  created = 0;
  reconciled = 0;
  failed = 0;
  skipped = 0;
  /** Of `skipped`, the blank rows. */
  blank = 0;
  valid = 0;
  unfinished = 0;
  inFlight = 0;
  bytesRead = 0;
  readonly alreadyDone: EarlierRuns = { created: 0, failed: 0, skipped: 0 };

  /** The counts as `ImportProgress`. */
  progress(totalBytes: number): ImportProgress {
    const { created, failed, skipped, valid, unfinished, inFlight, bytesRead } = this;
    const { created: c, failed: f, skipped: s } = this.alreadyDone;
    return {
      processed: created + failed + skipped + valid + unfinished,
      created,
      failed,
      skipped,
      alreadyDone: c + f + s,
      inFlight,
      bytesRead,
      totalBytes,
      elapsedMs: Date.now() - this.started,
    };
  }
}
