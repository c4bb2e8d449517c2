import { LeadValidationError, type LeadValidationIssue } from "@intercom-leads/core";
import { convertCell } from "./csv-cells.ts";
import type { Column } from "./csv-columns.ts";

/** A CSV record as a lead input, with the cells that could not be converted. */
export interface MappedRecord {
  /** The lead input: fields from non-empty cells, `custom_attributes` when any column fed one. */
  readonly input: Record<string, unknown>;
  /** Cells whose type the header forced and which do not fit it. */
  readonly error?: LeadValidationError;
}

/**
 * Maps one record (as many cells as columns) to a lead input. Cells are trimmed and empty ones left
 * out, so a blank cell never sends `""` or clears a value in Intercom.
 */
export function mapCsvRecord(columns: readonly Column[], cells: readonly string[]): MappedRecord {
  const input: Record<string, unknown> = {};
  const issues: LeadValidationIssue[] = [];
  for (const [position, column] of columns.entries()) {
    const text = (cells[position] ?? "").trim();
    if (text === "") continue;
    const converted = convertCell(column.type, text);
    if ("issue" in converted) {
      issues.push({ path: [...column.path], message: converted.issue });
      continue;
    }
    const [field, attribute] = column.path;
    if (attribute === undefined) input[field] = converted.value;
    else {
      input.custom_attributes ??= {};
      (input.custom_attributes as Record<string, unknown>)[attribute] = converted.value;
    }
  }
  return issues.length > 0 ? { input, error: new LeadValidationError(issues) } : { input };
}
