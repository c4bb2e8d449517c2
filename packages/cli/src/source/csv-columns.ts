import { DEFAULT_API_VERSION, type LeadField, leadFieldsFor } from "@intercom-leads/core";
import { ImportUsageError } from "../errors.ts";
import { closestName } from "./suggest.ts";

/**
 * How a cell's text becomes a JSON value. `integer`, `boolean` and `timestamp` are known fields'
 * types, lenient so that core's validation words the error; the header forces `number` and `forced-boolean`.
 */
export type CellType = "string" | "integer" | "boolean" | "timestamp" | "number" | "forced-boolean" | "inferred";

/** What one CSV column feeds: a top-level Intercom field, or one custom attribute. */
export interface Column {
  /** The header cell as written, for messages. */
  readonly header: string;
  /** The lead input path: `["email"]` or `["custom_attributes", "plan"]`. */
  readonly path: readonly [string] | readonly ["custom_attributes", string];
  readonly type: CellType;
}

// Described for contacts in every 2.x version, but the Create Lead document says leads have no sign-up
// date: core refuses it in every row, so a column of it is refused up front, before anything is sent.
const NOT_FOR_LEADS: ReadonlySet<string> = new Set(["signed_up_at"]);

// How a known field's cell is read, by its type in the version's description (core's lead-field table).
const CELL_TYPES: Record<LeadField["type"], CellType | undefined> = {
  string: "string",
  integer: "integer",
  boolean: "boolean",
  timestamp: "timestamp",
  // custom_attributes is set column by column, as custom_attributes.<name>.
  object: undefined,
};

const CUSTOM_PREFIX = "custom_attributes.";
// A custom attribute column may force its type, e.g. "custom_attributes.zip:string".
const FORCED = /^(.*):(string|number|boolean)$/;
const FORCED_TYPES: Record<string, CellType> = { string: "string", number: "number", boolean: "forced-boolean" };

/** The message for a column that names no field of the version, with the field it was probably meant to be. */
function unknownColumn(text: string, apiVersion: string, fields: ReadonlyMap<string, unknown>): string {
  const dot = text.indexOf(".");
  // "custom_atributes.plan": a misspelt prefix.
  if (dot > 0 && closestName(text.slice(0, dot), [CUSTOM_PREFIX.slice(0, -1)]) !== undefined) {
    return `"${text}" is not an Intercom lead field in API ${apiVersion} (did you mean ${CUSTOM_PREFIX}${text.slice(dot + 1)}?)`;
  }
  const known = [...fields.entries()].filter(([, type]) => type !== undefined).map(([name]) => name);
  const suggestion = closestName(text, known);
  return suggestion === undefined
    ? `"${text}" is not an Intercom lead field in API ${apiVersion} (name it custom_attributes.${text} to send it as a custom attribute)`
    : `"${text}" is not an Intercom lead field in API ${apiVersion} (did you mean ${suggestion}? To send it as a custom attribute, name it custom_attributes.${text})`;
}

function customColumn(header: string, rest: string): Column | string {
  const forced = FORCED.exec(rest);
  const name = (forced ? forced[1] : rest)?.trim() ?? "";
  if (name === "") return `"${header}" names no custom attribute`;
  const type = forced ? FORCED_TYPES[forced[2] ?? ""] : "inferred";
  if (type === undefined) return `"${header}" has an unknown type`;
  return { header, path: ["custom_attributes", name], type };
}

/**
 * Reads the header row into columns, typed as `apiVersion`'s description types each field (owner_id
 * is an integer up to API 2.15, a string from 2.16), refusing (before anything is sent) a header that
 * would make every row fail: unknown or duplicate columns, or nameless ones.
 */
export function planColumns(header: readonly string[], apiVersion: string = DEFAULT_API_VERSION): Column[] {
  const fields = new Map(
    leadFieldsFor(apiVersion)
      .filter((field) => !NOT_FOR_LEADS.has(field.name))
      .map((field) => [field.name, CELL_TYPES[field.type]]),
  );
  const columns: Column[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [position, cell] of header.entries()) {
    const text = cell.trim();
    let column: Column | string;
    if (text === "") column = `column ${position + 1} has no name`;
    else if (text.toLowerCase().startsWith(CUSTOM_PREFIX))
      column = customColumn(text, text.slice(CUSTOM_PREFIX.length));
    else {
      const field = text.toLowerCase();
      const type = fields.get(field);
      column = type ? { header: text, path: [field], type } : unknownColumn(text, apiVersion, fields);
    }
    if (typeof column === "string") {
      problems.push(column);
      continue;
    }
    const key = column.path.join(".");
    if (seen.has(key)) {
      problems.push(`"${text}" appears twice`);
      continue;
    }
    seen.add(key);
    columns.push(column);
  }
  if (columns.length === 0 && problems.length === 0) problems.push("the header row is empty");
  if (problems.length > 0) throw new ImportUsageError(`The CSV header cannot be imported: ${problems.join("; ")}`);
  return columns;
}
