import { closeSync, mkdirSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { openForAppend } from "../fs/open-append.ts";
import { forEachJsonLine } from "../fs/read-lines.ts";
import type { RejectedRow } from "../types.ts";
import { describeError } from "./describe-error.ts";

/** How many of a run's rejects the report keeps, for the summary to show. */
const SAMPLES = 3;

/**
 * The rejects file: one NDJSON line `{ row, input, error }` per row that failed. A resumed import
 * appends to it and writes no row twice: a crash between writing a reject and journaling the row
 * makes the next run fail that row again.
 */
export class RejectsWriter {
  /** Where the file is. */
  readonly path: string;
  readonly #rows: Set<number>;
  readonly #first: RejectedRow[] = [];
  #fd: number | undefined;

  private constructor(path: string, rows: Set<number>) {
    this.path = path;
    this.#rows = rows;
  }

  /**
   * Opens the rejects file. `resume` keeps what an earlier run of the same import wrote; otherwise
   * the old file goes, so it never lists rows of another import.
   */
  static async open(path: string, resume: boolean): Promise<RejectsWriter> {
    const rows = new Set<number>();
    if (resume) {
      await forEachJsonLine(path, (value) => {
        const row = (value as { row?: unknown } | null)?.row;
        if (typeof row === "number") rows.add(row);
      });
    } else {
      rmSync(path, { force: true });
    }
    // Now rather than at the first reject, so a path that cannot be written stops the import before it starts.
    mkdirSync(dirname(path), { recursive: true });
    return new RejectsWriter(path, rows);
  }

  /** How many rows the file lists, earlier runs' included. */
  get count(): number {
    return this.#rows.size;
  }

  /** The first rows this run rejected (up to 3), for the summary. */
  get first(): readonly RejectedRow[] {
    return this.#first;
  }

  /** Records a rejected row, once. The file is created on the first one, so a clean import leaves none. */
  write(row: number, input: unknown, error: unknown): void {
    if (this.#rows.has(row)) return;
    this.#fd ??= openForAppend(this.path);
    const described = describeError(error);
    writeSync(this.#fd, `${JSON.stringify({ row, input, error: described })}\n`);
    if (this.#first.length < SAMPLES) this.#first.push({ row, error: described });
    this.#rows.add(row);
  }

  /** Closes the file if it was opened. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
