import { createReadStream } from "node:fs";
import { type Info, parse } from "csv-parse";
import { ImportUsageError, RowError } from "../errors.ts";
import { type Column, planColumns } from "./csv-columns.ts";
import { mapCsvRecord } from "./csv-record.ts";
import type { SourceRecord } from "./record.ts";
import { streamRecords } from "./stream-records.ts";

interface ParsedRecord {
  record: string[];
  info: Info;
}

/**
 * Opens a CSV file for streaming and checks its header first, so a header that cannot be imported
 * stops the command before anything is sent. The records then stream with backpressure: only what
 * the import is working on is in memory.
 */
export async function openCsvRecords(file: string, apiVersion?: string): Promise<AsyncGenerator<SourceRecord>> {
  const input = createReadStream(file);
  const parser = parse({
    bom: true,
    info: true,
    // Rows with too few or too many cells are rejected one by one, not the whole file.
    relax_column_count: true,
    // A stray quote inside an unquoted cell (5" screen) is text, as spreadsheets read it.
    relax_quotes: true,
    // Files edited on several systems mix line endings; csv-parse otherwise keeps the first one it sees.
    record_delimiter: ["\r\n", "\n", "\r"],
    // Blank lines come through as records of one empty cell, so they are counted (as skipped), not lost.
    skip_empty_lines: false,
  });
  // pipe() does not forward a read error; without this it would crash the process instead of ending the rows.
  input.once("error", (error) => parser.destroy(error));
  input.pipe(parser);
  const records = streamRecords<ParsedRecord>(parser);
  let header: string[];
  let columns: Column[];
  try {
    const first = await records.next();
    if (first.done) throw new ImportUsageError(`${file} is empty: a CSV import needs a header row`);
    header = first.value.record;
    columns = planColumns(header, apiVersion);
  } catch (error) {
    parser.destroy();
    input.destroy();
    throw error;
  }

  return (async function* (): AsyncGenerator<SourceRecord> {
    try {
      for (;;) {
        const step = await records.next();
        if (step.done) return;
        const { record, info } = step.value;
        // The spreadsheet row: records so far (the header is the first) plus the blank lines skipped.
        const row = info.records + info.empty_lines;
        if (record.every((cell) => cell.trim() === "")) {
          yield { row, bytes: info.bytes, input: record, blank: true };
          continue;
        }
        if (record.length !== header.length) {
          const error = new RowError(
            "column_count",
            `The row has ${record.length} cells; the header has ${header.length}`,
          );
          yield { row, bytes: info.bytes, input: record, error };
          continue;
        }
        yield { row, bytes: info.bytes, ...mapCsvRecord(columns, record) };
      }
    } finally {
      parser.destroy();
      input.destroy();
    }
  })();
}
