import { fstatSync, openSync, readSync, writeSync } from "node:fs";

/**
 * Opens `path` for appending lines (creating it). A crash can leave a half-written last line; the
 * next line then starts on a fresh one, so only the cut line is lost, never the one after it.
 */
export function openForAppend(path: string): number {
  const fd = openSync(path, "a+");
  const size = fstatSync(fd).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(fd, "\n");
  }
  return fd;
}
