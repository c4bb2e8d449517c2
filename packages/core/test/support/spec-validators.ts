/**
 * Validators for test code, built from committed fixtures (no reads outside the repo):
 *
 * - ../fixtures/intercom-openapi-<version>.json, one per version Intercom describes (2.7 … 2.16, preview): schemas
 *   and examples extracted from Intercom's official OpenAPI descriptions (MIT, see
 *   ../fixtures/INTERCOM-OPENAPI-LICENSE.md) by ../fixtures/extract-spec-fixtures.mjs. ../lead-fields.test.ts fails
 *   when one of them differs from its description in ../shared/spec;
 * - ../fixtures/create-lead-1x.json: the original API 1.x Create Lead document as a fixture, with a
 *   hand-written JSON Schema for its lead response.
 *
 * The spec validators are faithful to the published schemas, quirks included: Intercom's `contact` and
 * `create_contact_request` have no `required` properties beyond the request's anyOf (email | external_id | role)
 * (except 2.11's `contact`, which requires most of its properties), `type` and `role` are plain strings (no
 * const/enum), and unknown properties are allowed everywhere. Field types differ between versions: owner_id is an
 * integer up to 2.15 and a string from 2.16; email_verified exists from 2.16, language_override only in Preview.
 * Fixture objects exported here are deep-frozen: clone them (structuredClone) before changing them.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import createLead1xFixture from "../fixtures/create-lead-1x.json" with { type: "json" };
import spec27Fixture from "../fixtures/intercom-openapi-2.7.json" with { type: "json" };
import spec28Fixture from "../fixtures/intercom-openapi-2.8.json" with { type: "json" };
import spec29Fixture from "../fixtures/intercom-openapi-2.9.json" with { type: "json" };
import spec210Fixture from "../fixtures/intercom-openapi-2.10.json" with { type: "json" };
import spec211Fixture from "../fixtures/intercom-openapi-2.11.json" with { type: "json" };
import spec212Fixture from "../fixtures/intercom-openapi-2.12.json" with { type: "json" };
import spec213Fixture from "../fixtures/intercom-openapi-2.13.json" with { type: "json" };
import spec214Fixture from "../fixtures/intercom-openapi-2.14.json" with { type: "json" };
import spec215Fixture from "../fixtures/intercom-openapi-2.15.json" with { type: "json" };
import spec216Fixture from "../fixtures/intercom-openapi-2.16.json" with { type: "json" };
import specPreviewFixture from "../fixtures/intercom-openapi-preview.json" with { type: "json" };

/** Outcome of a validation: `errors` is empty when `valid`, one readable line per problem otherwise. */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/** The versions with a spec fixture: every one Intercom describes (`info.version` of each description). */
export type SpecVersion =
  | "2.7"
  | "2.8"
  | "2.9"
  | "2.10"
  | "2.11"
  | "2.12"
  | "2.13"
  | "2.14"
  | "2.15"
  | "2.16"
  | "Preview";

/** One named example from the spec (`examples.<name>` of a request body or response). */
export interface SpecExample {
  summary?: string;
  value: Readonly<Record<string, unknown>>;
}

/** The examples of `POST /contacts` in the 2.16 description. */
export interface Spec216Examples {
  /** requestBody examples; `successful` is `{ email: "joebloggs@intercom.io" }`. */
  request: { successful: SpecExample } & Readonly<Record<string, SpecExample>>;
  /** Response examples by HTTP status: `200.successful` (a created contact), `401.Unauthorized` (an error list). */
  responses: {
    "200": { successful: SpecExample } & Readonly<Record<string, SpecExample>>;
    "401": { Unauthorized: SpecExample } & Readonly<Record<string, SpecExample>>;
  } & Readonly<Record<string, Readonly<Record<string, SpecExample>>>>;
}

/** The 1.x Create Lead document as data. */
export interface CreateLeadSeed {
  /** Where the document comes from. */
  source: string;
  /** The document's example request (its curl command). */
  request: {
    method: "POST";
    url: string;
    headers: Readonly<Record<string, string>>;
    body: Readonly<Record<string, unknown>>;
  };
  /** The document's example response: the created lead. */
  response: { status: 200; body: Readonly<Record<string, unknown>> };
  /** The document's prose, one rule per sentence. */
  rules: readonly string[];
  /** Remarks on the example (e.g. where it is inconsistent). */
  notes: readonly string[];
  /** Hand-written JSON Schema (draft-07) for the lead response. */
  schema: Readonly<Record<string, unknown>>;
}

/** What the tests read of a spec fixture (see extract-spec-fixtures.mjs for all it holds). */
export interface SpecFixture {
  source: {
    repository: string;
    commit: string;
    path: string;
    copiedTo: string;
    version: string;
    sha256: string;
    gitBlob: string;
    license: string;
    copyright: string;
  };
  /** `$ref`s of the whole description that point at nothing (2.7–2.11: `custom_attributes`); none is in the fixture. */
  unresolvedRefs: readonly { ref: string; referencedFrom: readonly string[]; inFixture: boolean; note: string }[];
  operation: {
    requestBody: { schema: object };
    responses: Record<string, { schema?: object }>;
  };
  schemas: Record<string, object>;
  examples: { request: Record<string, SpecExample>; responses: Record<string, Record<string, SpecExample>> };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const SCHEMA_REF_PREFIX = "#/components/schemas/";
const specs: Record<SpecVersion, SpecFixture> = deepFreeze({
  "2.7": spec27Fixture,
  "2.8": spec28Fixture,
  "2.9": spec29Fixture,
  "2.10": spec210Fixture,
  "2.11": spec211Fixture,
  "2.12": spec212Fixture,
  "2.13": spec213Fixture,
  "2.14": spec214Fixture,
  "2.15": spec215Fixture,
  "2.16": spec216Fixture,
  Preview: specPreviewFixture,
});

/** Every version with a spec fixture, oldest first, Preview last. */
export const SPEC_VERSIONS: readonly SpecVersion[] = Object.freeze(Object.keys(specs) as SpecVersion[]);

/** The spec fixture of a version (deep-frozen). */
export function specFixture(version: SpecVersion): SpecFixture {
  const fixture = specs[version];
  if (!fixture) throw new Error(`no spec fixture for ${version}`);
  return fixture;
}

const specRootId = (version: SpecVersion) => `https://intercom-leads.invalid/intercom-openapi-${version}.json`;

const ajv = new Ajv({
  allErrors: true,
  // Strict, so a fixture with an unconverted OpenAPI keyword fails loudly. strictRequired stays off:
  // create_contact_request's anyOf branches name properties that only the parent schema defines.
  strict: true,
  strictRequired: false,
  // The legacy lead schema's custom_attributes values are string | number | boolean | null.
  allowUnionTypes: true,
});
// ajv-formats is CommonJS; depending on interop its default import is the plugin or the module object.
const addFormats = ((ajvFormats as unknown as { default?: typeof ajvFormats }).default ??
  ajvFormats) as typeof ajvFormats;
addFormats(ajv);
// The spec fixtures keep OpenAPI's "#/components/schemas/NAME" refs: register each spec's schemas under a
// root document shaped like an OpenAPI one so those refs resolve. `components` itself is no JSON Schema keyword.
ajv.addKeyword({ keyword: "components" });
for (const version of Object.keys(specs) as SpecVersion[]) {
  ajv.addSchema({ $id: specRootId(version), components: { schemas: specs[version].schemas } });
}

/** Makes the "#/components/schemas/NAME" refs of an operation-level schema absolute (resolvable on their own). */
function withAbsoluteRefs(schema: object, version: SpecVersion): object {
  return JSON.parse(
    JSON.stringify(schema).replaceAll(`"${SCHEMA_REF_PREFIX}`, `"${specRootId(version)}${SCHEMA_REF_PREFIX}`),
  ) as object;
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  const params =
    error.keyword === "additionalProperties" || error.keyword === "enum" || error.keyword === "const"
      ? ` ${JSON.stringify(error.params)}`
      : "";
  return `${where} ${error.message ?? error.keyword}${params}`;
}

function toResult(validate: ValidateFunction): (body: unknown) => ValidationResult {
  return (body) => {
    const valid = validate(body);
    return { valid, errors: valid ? [] : (validate.errors ?? []).map(formatError) };
  };
}

const componentValidators = new Map<string, (body: unknown) => ValidationResult>();

/**
 * A validator for a component schema of a spec fixture, e.g. `specSchemaValidator("2.7", "contact")`.
 * Compiled on first use and cached. Throws for a schema the fixture does not include.
 */
export function specSchemaValidator(version: SpecVersion, schemaName: string): (body: unknown) => ValidationResult {
  const key = `${version}:${schemaName}`;
  let validator = componentValidators.get(key);
  if (!validator) {
    if (!Object.hasOwn(specs[version].schemas, schemaName)) {
      throw new Error(`intercom-openapi-${version}.json has no schema ${schemaName}`);
    }
    const validate = ajv.getSchema(`${specRootId(version)}${SCHEMA_REF_PREFIX}${schemaName}`);
    if (!validate) throw new Error(`cannot compile ${version} schema ${schemaName}`);
    validator = toResult(validate);
    componentValidators.set(key, validator);
  }
  return validator;
}

/** A version's `create_contact_request` (needs one of email, external_id, role; unknown properties pass). */
export function createContactRequestValidator(version: SpecVersion): (body: unknown) => ValidationResult {
  return specSchemaValidator(version, "create_contact_request");
}

/** A version's `contact` (owner_id an integer up to 2.15, a string from 2.16; 2.11 requires most properties). */
export function contactValidator(version: SpecVersion): (body: unknown) => ValidationResult {
  return specSchemaValidator(version, "contact");
}

const responseValidators = new Map<SpecVersion, (body: unknown) => ValidationResult>();

/** A version's `POST /contacts` 200 response schema: `contact`, plus `enabled_push_messaging` from 2.12. */
export function createContactResponseValidator(version: SpecVersion): (body: unknown) => ValidationResult {
  let validator = responseValidators.get(version);
  if (!validator) {
    const schema = specFixture(version).operation.responses["200"]?.schema;
    if (!schema) throw new Error(`intercom-openapi-${version}.json has no 200 response schema`);
    validator = toResult(ajv.compile(withAbsoluteRefs(schema, version)));
    responseValidators.set(version, validator);
  }
  return validator;
}

const createContactRequest216 = createContactRequestValidator("2.16");
const contact216 = contactValidator("2.16");
const error216 = specSchemaValidator("2.16", "error");
const createContactResponse216 = createContactResponseValidator("2.16");
const legacyLead = toResult(ajv.compile(createLead1xFixture.schema));

/** Validates against 2.16 `create_contact_request` (needs one of email, external_id, role). */
export function validateCreateContactRequest(body: unknown): ValidationResult {
  return createContactRequest216(body);
}

/** Validates against 2.16 `contact`. The spec requires no property of a contact: `{}` is valid. */
export function validateContact(body: unknown): ValidationResult {
  return contact216(body);
}

/** Validates against the 2.16 `POST /contacts` 200 response schema: `contact` plus `enabled_push_messaging`. */
export function validateCreateContactResponse(body: unknown): ValidationResult {
  return createContactResponse216(body);
}

/** Validates against 2.16 `error` (an `error.list`: `type` and `errors` required; `request_id` is a UUID or null). */
export function validateErrorList(body: unknown): ValidationResult {
  return error216(body);
}

/** Validates against the hand-written schema for the 1.x lead response (create-lead-1x.json `schema`). */
export function validateLegacyLead(body: unknown): ValidationResult {
  return legacyLead(body);
}

/** The 1.x Create Lead document: example request, example response, and its rules. */
export const createLeadSeed: CreateLeadSeed = deepFreeze(createLead1xFixture as CreateLeadSeed);

function checkedExamples(examples: unknown): Spec216Examples {
  const e = examples as Spec216Examples;
  if (!e.request?.successful || !e.responses?.["200"]?.successful || !e.responses?.["401"]?.Unauthorized) {
    throw new Error("intercom-openapi-2.16.json lacks an expected POST /contacts example; re-run the extraction?");
  }
  return deepFreeze(e);
}

/** The `POST /contacts` examples of the 2.16 description. */
export const spec216Examples: Spec216Examples = checkedExamples(spec216Fixture.examples);
