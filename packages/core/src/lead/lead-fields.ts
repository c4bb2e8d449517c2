import { IntercomConfigError } from "../errors/intercom-config-error.ts";

/**
 * A field of a create-lead request as Intercom describes it for one API version.
 * `timestamp` is an integer of Unix seconds (`format: date-time` in the descriptions).
 */
export interface LeadField {
  /** The field's wire name, e.g. `owner_id`. */
  readonly name: string;
  /** Its JSON type in that version. */
  readonly type: "string" | "integer" | "boolean" | "timestamp" | "object";
  /** Whether `null` is allowed. */
  readonly nullable: boolean;
}

/**
 * The API versions whose OpenAPI description the table below was read from: every one Intercom
 * publishes (2.7 is the oldest; `Preview` was called `Unstable` before).
 */
export const DESCRIBED_API_VERSIONS: readonly string[] = [
  "2.7",
  "2.8",
  "2.9",
  "2.10",
  "2.11",
  "2.12",
  "2.13",
  "2.14",
  "2.15",
  "2.16",
  "Preview",
];

// One row per field and type: [name, type, nullable, first minor version, last minor version].
// Read from `components.schemas.create_contact_request` of each description in ../shared/spec
// (Intercom's OpenAPI descriptions, MIT); test/lead-fields.test.ts fails when a description disagrees.
// PREVIEW marks a row Preview has; a range ending at NEWEST also covers Preview.
const NEWEST = 16;
const PREVIEW_ONLY = 99;
type Row = readonly [name: string, type: LeadField["type"], nullable: boolean, from: number, to: number];
const ROWS: readonly Row[] = [
  ["role", "string", false, 7, NEWEST],
  ["external_id", "string", false, 7, NEWEST],
  ["email", "string", false, 7, NEWEST],
  ["email_verified", "boolean", true, 16, NEWEST],
  ["phone", "string", true, 7, NEWEST],
  ["name", "string", true, 7, NEWEST],
  ["avatar", "string", true, 7, NEWEST],
  ["signed_up_at", "timestamp", true, 7, NEWEST],
  ["last_seen_at", "timestamp", true, 7, NEWEST],
  ["owner_id", "integer", true, 7, 15],
  ["owner_id", "string", true, 16, NEWEST],
  ["unsubscribed_from_emails", "boolean", true, 7, NEWEST],
  ["language_override", "string", true, PREVIEW_ONLY, PREVIEW_ONLY],
  ["custom_attributes", "object", true, 7, NEWEST],
];

// The original Create Lead document (API 1.x): the fields a lead takes, as its example and text give them.
const LEGACY: readonly LeadField[] = [
  ["email", "string", true],
  ["phone", "string", true],
  ["name", "string", true],
  ["unsubscribed_from_emails", "boolean", true],
  ["custom_attributes", "object", true],
  ["last_seen_user_agent", "string", false],
  ["last_seen_ip", "string", false],
  ["last_request_at", "timestamp", false],
  ["update_last_request_at", "boolean", false],
  ...["utm_campaign", "utm_content", "utm_medium", "utm_source", "utm_term"].map(
    (name) => [name, "string", true] as const,
  ),
].map(([name, type, nullable]) => ({ name, type, nullable }) as LeadField);

/**
 * Where a version stands in the table: its minor number (`Preview` after every numbered one).
 * A 2.x version older than the oldest description takes 2.7's rules; a newer one than the newest
 * the table knows takes the newest's (a field Intercom adds later passes through unchecked).
 */
function tableMinor(apiVersion: string): number {
  // "Unstable" is Preview's former name, which older descriptions still list.
  if (/^(Preview|Unstable)$/.test(apiVersion)) return PREVIEW_ONLY;
  // Not a string at all (2.14, a number) would pass the pattern once coerced: refused first.
  if (typeof apiVersion !== "string" || !/^2\.\d+$/.test(apiVersion)) {
    throw new IntercomConfigError('apiVersion must be an Intercom API version such as "2.14", "1.4" or "Preview"');
  }
  return Math.min(Math.max(Number(apiVersion.slice(2)), 7), NEWEST);
}

// Built once per table minor: validation reads a version's fields on every create.
const byMinor = new Map<number, ReadonlyMap<string, LeadField>>();

/** `leadFieldsFor(apiVersion)` by name, built once per version. */
export function leadFieldMap(apiVersion: string): ReadonlyMap<string, LeadField> {
  if (typeof apiVersion === "string" && /^1\.\d+$/.test(apiVersion)) return LEGACY_MAP;
  const minor = tableMinor(apiVersion);
  let fields = byMinor.get(minor);
  if (!fields) {
    const rows = ROWS.filter(([, , , from, to]) =>
      minor === PREVIEW_ONLY ? to === NEWEST || to === PREVIEW_ONLY : minor >= from && minor <= to,
    );
    fields = new Map(rows.map(([name, type, nullable]) => [name, { name, type, nullable }]));
    byMinor.set(minor, fields);
  }
  return fields;
}

const LEGACY_MAP: ReadonlyMap<string, LeadField> = new Map(LEGACY.map((field) => [field.name, field]));

/**
 * The fields a create-lead request may carry in `apiVersion`, typed as that version's description
 * types them: Intercom's `create_contact_request` for 2.x, the original Create Lead document for 1.x.
 * Validation, the fake Intercom and the CLI's CSV columns all read this one table. Throws an
 * `IntercomConfigError` for a string that is no API version.
 *
 * @example
 * leadFieldsFor("2.14").find((field) => field.name === "owner_id"); // { type: "integer", nullable: true }
 */
export function leadFieldsFor(apiVersion: string): readonly LeadField[] {
  return [...leadFieldMap(apiVersion).values()];
}

/** Where each field name belongs: the described 2.x versions (and Preview) that have it, and whether 1.x has it. */
const HOMES = new Map<string, { versions: string[]; legacy: boolean }>();
for (const version of [...DESCRIBED_API_VERSIONS, "1.0"]) {
  for (const name of leadFieldMap(version).keys()) {
    const home = HOMES.get(name) ?? { versions: [], legacy: false };
    if (version === "1.0") home.legacy = true;
    else home.versions.push(version);
    HOMES.set(name, home);
  }
}

/** The described versions (`"2.16"`, …, `"Preview"`) that have a field, and whether API 1.x has it. */
export function homesOfField(
  name: string,
): { readonly versions: readonly string[]; readonly legacy: boolean } | undefined {
  return HOMES.get(name);
}

/** Fields whose type differs between versions (owner_id: an integer up to 2.15, a string from 2.16). */
export const VERSION_TYPED_FIELDS: ReadonlySet<string> = new Set(
  ROWS.filter(([name, type]) => ROWS.some(([other, otherType]) => other === name && otherType !== type)).map(
    ([name]) => name,
  ),
);
