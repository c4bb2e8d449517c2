import type { CellType } from "./csv-columns.ts";

/** A cell turned into a JSON value, or why it cannot be. */
export type CellValue = { readonly value: string | number | boolean } | { readonly issue: string };

const TRUE = /^(?:true|yes|1)$/i;
const FALSE = /^(?:false|no|0)$/i;
const WHOLE_SECONDS = /^\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// Plain decimals without leading zeros: "42", "-3.5", "0.25". "02134" (a zip code) is not one.
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function toBoolean(text: string): boolean | undefined {
  return TRUE.test(text) ? true : FALSE.test(text) ? false : undefined;
}

// A whole number past 2^53 would lose digits as a JSON number, so it stays text.
function isExactNumber(text: string): boolean {
  const number = Number(text);
  return Number.isFinite(number) && (!Number.isInteger(number) || Number.isSafeInteger(number));
}

function toTimestamp(text: string): number | undefined {
  if (WHOLE_SECONDS.test(text)) return Number(text);
  if (!ISO_DATE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * Converts a trimmed, non-empty cell for its column's type. Text that does not fit a known field's
 * type is passed on unchanged, so core's validation reports it with the field's own rule; only a
 * type forced in the header (`:number`, `:boolean`) is refused here.
 */
export function convertCell(type: CellType, text: string): CellValue {
  switch (type) {
    case "string":
      return { value: text };
    case "integer":
      return { value: /^-?\d+$/.test(text) && isExactNumber(text) ? Number(text) : text };
    case "boolean":
      return { value: toBoolean(text) ?? text };
    case "timestamp":
      return { value: toTimestamp(text) ?? text };
    case "forced-boolean": {
      const value = toBoolean(text);
      return value === undefined ? { issue: "must be true or false (the column says :boolean)" } : { value };
    }
    case "number":
      return NUMBER.test(text) && isExactNumber(text)
        ? { value: Number(text) }
        : { issue: "must be a number (the column says :number)" };
    case "inferred": {
      if (text === "true" || text === "false") return { value: text === "true" };
      return { value: PLAIN_NUMBER.test(text) && isExactNumber(text) ? Number(text) : text };
    }
  }
}
