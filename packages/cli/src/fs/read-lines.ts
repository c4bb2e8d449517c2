import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * Calls `onJson` with every line of an NDJSON file that parses. A missing file has no lines. Lines
 * that do not parse are skipped: in files this command appends to, only a write cut short by a
 * crash makes one.
 */
export async function forEachJsonLine(path: string, onJson: (value: unknown) => void): Promise<void> {
  const stream = createReadStream(path);
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      onJson(value);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  } finally {
    stream.destroy();
  }
}
