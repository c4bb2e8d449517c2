import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { RowError } from "../errors.ts";
import type { SourceRecord } from "./record.ts";

/**
 * Streams an NDJSON file: one JSON object per line, the line number as the row. Blank lines come
 * through marked `blank` (the import skips and counts them); a line that is not JSON becomes a rejected row, never the end of the import.
 */
export async function* readNdjsonRecords(file: string): AsyncGenerator<SourceRecord> {
  // Opened only once the rows are wanted: readline emits lines as soon as it is created, and
  // drops those that arrive before a `for await` takes them.
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let row = 0;
  let bytes = 0;
  try {
    for await (const raw of lines) {
      row += 1;
      // readline drops the line break; counting one byte for it is close enough for progress.
      bytes += Buffer.byteLength(raw) + 1;
      const line = row === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (line.trim() === "") {
        yield { row, bytes, input: line, blank: true };
        continue;
      }
      let input: unknown;
      try {
        input = JSON.parse(line);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        yield { row, bytes, input: line, error: new RowError("invalid_json", `The line is not JSON: ${reason}`) };
        continue;
      }
      yield { row, bytes, input };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
