import { closeSync, writeSync } from "node:fs";
import { openForAppend } from "../fs/open-append.ts";
import { forEachJsonLine } from "../fs/read-lines.ts";

/**
 * A row's state in the journal. Only the last line for a row counts.
 * - `sending`: its create request was about to leave; with no later line, it may or may not exist.
 * - `created`, `failed`, `skipped`: done; a later run leaves the row alone.
 * - `unsent`: a request failed in a way that proves nothing was stored; a later run sends it as new.
 */
export type JournalState = "sending" | "created" | "failed" | "skipped" | "unsent";

/** One journal line. */
export interface JournalEntry {
  /** The row, as in `SourceRecord.row`. */
  readonly row: number;
  readonly state: JournalState;
  /** The Intercom id of the lead, on `created` lines. */
  readonly id?: string;
}

const STATES = new Set<string>(["sending", "created", "failed", "skipped", "unsent"]);

/**
 * Reads a journal into the last state of every row in it; a missing journal reads as empty. A line
 * cut short by a crash is skipped, so its row reads as its previous state: "sending" at worst, which
 * a resumed import checks before sending again.
 */
export async function readJournal(path: string): Promise<Map<number, JournalState>> {
  const states = new Map<number, JournalState>();
  await forEachJsonLine(path, (value) => {
    const { row, state } = (value ?? {}) as Partial<JournalEntry>;
    if (row !== undefined && Number.isSafeInteger(row) && state !== undefined && STATES.has(state))
      states.set(row, state);
  });
  return states;
}

/**
 * Appends journal lines with synchronous writes, so a line is in the file (the kernel's page cache)
 * before the request it announces leaves, and survives `kill -9`. No fsync: a power cut can still
 * lose the last lines, which costs a lookup or a "may have been created" row, not a duplicate
 * unless the lost line was a "sending" one.
 */
export class JournalWriter {
  readonly #fd: number;

  /** Opens (or creates) the journal at `path` for appending. */
  constructor(path: string) {
    this.#fd = openForAppend(path);
  }

  /** Writes one line; returns once it is in the file. */
  append(entry: JournalEntry): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }
}
