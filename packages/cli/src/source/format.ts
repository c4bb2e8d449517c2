import { extname } from "node:path";
import { ImportUsageError } from "../errors.ts";

/** The input file formats `intercom-leads import` reads. */
export type ImportFormat = "csv" | "ndjson";

const BY_EXTENSION: Record<string, ImportFormat> = {
  ".csv": "csv",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

/** The format to read `file` as: the one given, else the one its extension names. */
export function resolveFormat(file: string, format: ImportFormat | undefined): ImportFormat {
  if (format !== undefined) return format;
  const byExtension = BY_EXTENSION[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  throw new ImportUsageError(
    `Cannot tell the format of ${file} from its extension: pass --format csv or --format ndjson`,
  );
}
