/**
 * What each version's description says of `/data_attributes`, from ../fixtures/data-attributes.json: schemas and
 * examples extracted from Intercom's OpenAPI descriptions (MIT, see ../fixtures/INTERCOM-OPENAPI-LICENSE.md) by
 * ../fixtures/extract-data-attributes.mjs. The schemas are faithful, quirks included: `data_attribute` requires
 * nothing except in 2.11, and unknown properties pass, so the tests compare keys exactly too.
 */
import fixture from "../fixtures/data-attributes.json" with { type: "json" };
import { pooledSchemas } from "./pooled-schemas.ts";
import type { SpecVersion, ValidationResult } from "./spec-validators.ts";

/** The schemas validated against. */
export type DataAttributeSchema = "data_attribute" | "data_attribute_list" | "create_data_attribute_request" | "error";

/** A request example of `POST /data_attributes`: its summary names the answer example it goes with. */
export interface RequestExample {
  readonly summary: string;
  readonly value: Record<string, unknown>;
}

/** An `error.list` example. */
export interface ErrorListExample {
  readonly type: "error.list";
  readonly request_id: string | null;
  readonly errors: { code: string; message: string }[];
}

interface VersionFixture {
  create: { requests: string; answers: string };
  list: { parameters: string; answers: string };
  schemas: Record<string, string>;
}

const versions = fixture.versions as Record<SpecVersion, VersionFixture>;
const pool = fixture.pool as Record<string, unknown>;

/** The described versions, oldest first, Preview last. */
export const DATA_ATTRIBUTE_VERSIONS: readonly SpecVersion[] = Object.keys(versions) as SpecVersion[];

/** `POST /data_attributes`'s request examples, by name, in `version`'s description. */
export function createRequestExamples(version: SpecVersion): Readonly<Record<string, RequestExample>> {
  return pool[versions[version].create.requests] as Record<string, RequestExample>;
}

/** `POST /data_attributes`'s answer examples, by status then name. */
export function createAnswerExamples(version: SpecVersion): Readonly<Record<string, Record<string, unknown>>> {
  return pool[versions[version].create.answers] as Record<string, Record<string, unknown>>;
}

/** `GET /data_attributes`'s answer examples, by status then name. */
export function listAnswerExamples(version: SpecVersion): Readonly<Record<string, Record<string, unknown>>> {
  return pool[versions[version].list.answers] as Record<string, Record<string, unknown>>;
}

/** `GET /data_attributes`'s query parameters. */
export function listParameters(version: SpecVersion): readonly { name: string; type: string; enum?: string[] }[] {
  return pool[versions[version].list.parameters] as { name: string; type: string; enum?: string[] }[];
}

const schemas = pooledSchemas("data-attributes", versions, pool);

/** Validates `body` against `version`'s `schema`. */
export function validateDataAttributeSchema(
  version: SpecVersion,
  schema: DataAttributeSchema,
  body: unknown,
): ValidationResult {
  return schemas.validate(
    `${version}:${schema}`,
    () => ({ $ref: `${schemas.root(version)}#/components/schemas/${schema}` }),
    body,
  );
}
