import { stat } from "node:fs/promises";
import { ImportUsageError } from "../errors.ts";
import { describeFsError } from "../fs/describe-fs-error.ts";
import { openCsvRecords } from "./csv-records.ts";
import type { ImportFormat } from "./format.ts";
import { readNdjsonRecords } from "./ndjson-records.ts";
import type { SourceRecord } from "./record.ts";

/** An input file opened for streaming. */
export interface OpenedFile {
  /** The file's size in bytes, against which `SourceRecord.bytes` measures progress. */
  readonly size: number;
  /** Every row, in file order; `return()` closes the file early. */
  readonly records: AsyncGenerator<SourceRecord>;
}

/**
 * Opens `file` in `format`, refusing a missing file or an unusable CSV header as usage errors. A CSV's
 * columns are typed as `apiVersion`'s description types its fields.
 */
export async function openRecords(
  file: string,
  format: ImportFormat,
  apiVersion: string | undefined,
): Promise<OpenedFile> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportUsageError(`${file} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImportUsageError) throw error;
    throw new ImportUsageError(`Cannot read ${file}: ${describeFsError(error)}`);
  }
  const records = format === "csv" ? await openCsvRecords(file, apiVersion) : readNdjsonRecords(file);
  return { size, records };
}
