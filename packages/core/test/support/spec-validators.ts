/**
 * Validators for test code, built from committed fixtures (no reads outside the repo):
 *
 * - ../fixtures/intercom-openapi-2.16.json, ../fixtures/intercom-openapi-2.7.json: schemas and examples
 *   extracted from Intercom's official OpenAPI descriptions (MIT, see ../fixtures/INTERCOM-OPENAPI-LICENSE.md)
 *   by ../fixtures/extract-spec-fixtures.mjs;
 * - ../fixtures/create-lead-1x.json: the original API 1.x Create Lead document as a fixture, with a
 *   hand-written JSON Schema for its lead response.
 *
 * The spec validators are faithful to the published schemas, quirks included: Intercom's `contact` and
 * `create_contact_request` have no `required` properties beyond the request's anyOf (email | external_id | role),
 * `type` and `role` are plain strings (no const/enum), and unknown properties are allowed everywhere.
 * Fixture objects exported here are deep-frozen: clone them (structuredClone) before changing them.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import createLead1xFixture from "../fixtures/create-lead-1x.json" with { type: "json" };
import spec27Fixture from "../fixtures/intercom-openapi-2.7.json" with { type: "json" };
import spec216Fixture from "../fixtures/intercom-openapi-2.16.json" with { type: "json" };

/** Outcome of a validation: `errors` is empty when `valid`, one readable line per problem otherwise. */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

export type SpecVersion = "2.16" | "2.7";

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

interface SpecFixture {
  source: { version: string };
  operation: {
    requestBody: { schema: object };
    responses: Record<string, { schema: object }>;
  };
  schemas: Record<string, object>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const SCHEMA_REF_PREFIX = "#/components/schemas/";
const specs: Record<SpecVersion, SpecFixture> = { "2.16": spec216Fixture, "2.7": spec27Fixture };
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

const createContactRequest216 = specSchemaValidator("2.16", "create_contact_request");
const contact216 = specSchemaValidator("2.16", "contact");
const error216 = specSchemaValidator("2.16", "error");
const createContactResponse216 = toResult(
  ajv.compile(withAbsoluteRefs(specs["2.16"].operation.responses["200"]!.schema, "2.16")),
);
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
