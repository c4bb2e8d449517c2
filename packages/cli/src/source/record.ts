import type { LeadValidationError } from "@intercom-leads/core";
import type { RowError } from "../errors.ts";

/**
 * One row of the input file, before it is checked as a lead.
 *
 * `row` is where a person finds it: the spreadsheet row for CSV (the header is row 1, so data starts
 * at 2) and the line number for NDJSON. The journal keys on it, so it depends on nothing but the file.
 */
export interface SourceRecord {
  /** Where the row is in the file (see above). */
  readonly row: number;
  /** How far into the file this row ends, in bytes: the progress bar's measure. */
  readonly bytes: number;
  /** The lead input the row maps to; for a row that could not be read, what there was of it. */
  readonly input: unknown;
  /** Set for a blank line, or a CSV record whose cells are all empty: the import counts it as skipped. */
  readonly blank?: true;
  /** Set when the row cannot become a lead input at all. */
  readonly error?: RowError | LeadValidationError;
}
