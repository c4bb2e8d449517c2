import type { ApiVersion, IntercomRegion } from "@intercom-leads/core";
import type { RejectedError } from "./import/describe-error.ts";
import type { ImportFormat } from "./source/format.ts";

export type { ImportFormat };

/** Options of `runImport`, the same as the command's flags. */
export interface ImportOptions {
  /** The CSV or NDJSON file to import. The journal and the rejects file are written next to it. */
  file: string;
  /**
   * How to read `file`.
   * @default from its extension: `.csv` is CSV, `.ndjson` and `.jsonl` are NDJSON
   */
  format?: ImportFormat;
  /**
   * Intercom access token. Not needed for a dry run.
   * @default undefined
   */
  token?: string;
  /**
   * Where the Intercom workspace is hosted.
   * @default "us"
   */
  region?: IntercomRegion;
  /**
   * The `Intercom-Version` to create leads with; `1.x` selects the legacy Leads API.
   * @default "2.14"
   */
  apiVersion?: ApiVersion;
  /**
   * Another base URL than the region's: a proxy, or a fake Intercom for tests.
   * @default the region's host
   */
  baseUrl?: string;
  /**
   * How many leads are created at once (1 to 64); the client paces them to Intercom's rate limit.
   * @default 4
   */
  concurrency?: number;
  /**
   * Check every row and write the rejects file, without sending anything (no token needed).
   * @default false
   */
  dryRun?: boolean;
  /**
   * Where rejected rows are written, as NDJSON lines `{ row, input, error }`.
   * @default `${file}.rejects.ndjson`
   */
  rejectsPath?: string;
  /**
   * How long to keep looking up a lead that may have been created (a row an interrupted run was
   * sending, or a create that timed out) before taking it as not created and sending it: Intercom's
   * search can lag behind a create. Shorter is faster; too short risks a duplicate when search lags.
   * @default 30_000 (core's default)
   */
  reconcileWaitMs?: number;
  /**
   * Skip a row whose email (case-insensitive) an earlier valid row of the file has.
   * @default false
   */
  skipDuplicateEmails?: boolean;
  /**
   * Hand the rows to a queue importer's endpoint (`POST <queueUrl>`, e.g.
   * `https://<worker>/imports/<id>/leads` of examples/cloudflare-queue-import) in batches, instead of
   * creating them here: the Worker's queue consumer creates each exactly once. No token is needed; the
   * journal records a row as done once the endpoint has queued it.
   * @default undefined
   */
  queueUrl?: string;
  /**
   * The queue endpoint's bearer secret, sent as `Authorization: Bearer <queueSecret>`.
   * @default undefined
   */
  queueSecret?: string;
  /**
   * Stops the import: no more rows are read, the ones in flight finish and are journaled.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Called as rows finish, with the running counts; cheap enough to call for every row.
   * @default undefined
   */
  onProgress?: (progress: ImportProgress) => void;
}

/** Running counts of an import, for progress displays. */
export interface ImportProgress {
  /** Rows this run finished (created, failed or skipped; in a dry run, checked). */
  processed: number;
  /** With `queueUrl`: rows this run handed to the queue endpoint. */
  queued?: number;
  /** Leads created by this run. */
  created: number;
  /** Rows this run rejected. */
  failed: number;
  /** Rows this run skipped: blank rows, and duplicates with `skipDuplicateEmails`. */
  skipped: number;
  /** Rows an earlier run of this import had finished. */
  alreadyDone: number;
  /** Rows handed to the client and not finished yet. */
  inFlight: number;
  /** How far into the file reading has got, in bytes. */
  bytesRead: number;
  /** The file's size in bytes. */
  totalBytes: number;
  /** Milliseconds since this run started. */
  elapsedMs: number;
}

/** Rows an earlier run of the import finished, by how. */
export interface EarlierRuns {
  /** Rows whose lead an earlier run created (or found already stored). */
  created: number;
  /** Rows an earlier run rejected; they are in the rejects file. */
  failed: number;
  /** Duplicate rows an earlier run skipped. */
  skipped: number;
}

/** Why a run ended before the end of the file. */
export interface ImportStop {
  /** `interrupted`: the signal aborted. `error`: an error every further row would hit, or an unreadable file. */
  reason: "interrupted" | "error";
  /** What happened, for people. */
  message: string;
}

/** A row this run rejected, as the rejects file has it (without its input). */
export interface RejectedRow {
  /** Where the row is in the file. */
  readonly row: number;
  /** Why it was rejected. */
  readonly error: RejectedError;
}

/** What one run of an import did. */
export interface ImportReport {
  /** The file, as given. */
  file: string;
  /** How the file was read. */
  format: ImportFormat;
  /** Whether this was a dry run, which sent nothing. */
  dryRun: boolean;
  /** Leads this run created, counting those it found already stored. */
  created: number;
  /** Of `created`, the leads found already stored (looked up by email) rather than sent again. */
  reconciled: number;
  /** Rows this run rejected (in a dry run: the invalid ones). */
  failed: number;
  /** Rows this run skipped: blank rows, and duplicates with `skipDuplicateEmails`. */
  skipped: number;
  /** Of `skipped`, the blank rows (blank lines, CSV records whose cells are all empty). */
  blank: number;
  /** Dry run only: rows that would be sent. */
  valid: number;
  /** Rows an earlier run had finished, which this run left alone. */
  alreadyDone: EarlierRuns;
  /** With `queueUrl`: rows this run handed to the queue endpoint (its consumer creates them). */
  queued?: number;
  /**
   * Rows this run started but could not finish: they may have been created and could not be
   * checked, or the import stopped. The next run of the same command takes them up.
   */
  unfinished: number;
  /**
   * The rejects file, how many rows it lists, earlier runs' included (`rows` is 0 when it does not exist), and the
   * first few (up to 3) rows this run rejected.
   */
  rejects: { path: string; rows: number; first: readonly RejectedRow[] };
  /** The journal, or `undefined` for a dry run, which keeps none, and for an import that stopped before starting one. */
  journalPath: string | undefined;
  /** How long this run took. */
  elapsedMs: number;
  /** Whether every row of the file is now done (created, rejected or skipped). */
  complete: boolean;
  /** Set when the run ended early. */
  stopped?: ImportStop;
}
