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
  /** Rows handed to a queue endpoint; `undefined` unless the rows go to one. */
  queued: number | undefined = undefined;
  inFlight = 0;
  bytesRead = 0;
  readonly alreadyDone: EarlierRuns = { created: 0, failed: 0, skipped: 0 };

  /** The counts as `ImportProgress`. */
  progress(totalBytes: number): ImportProgress {
    const { created, failed, skipped, valid, unfinished, inFlight, bytesRead, queued } = this;
    const { created: c, failed: f, skipped: s } = this.alreadyDone;
    return {
      processed: created + failed + skipped + valid + unfinished + (queued ?? 0),
      ...(queued === undefined ? {} : { queued }),
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
