/**
 * An Ajv holding every version's schemas from one of ../fixtures' extracted files (each distinct schema stored once in
 * its `pool`, named by key per version), and validation that compiles each schema once.
 */
import { Ajv, type ValidateFunction } from "ajv";
import type { ValidationResult } from "./spec-validators.ts";

/** A fixture's versions' schemas, resolved from its pool. */
export interface PooledSchemas {
  /** The `$id` under which `version`'s schemas sit, at `#/components/schemas/<name>`. */
  root(version: string): string;
  /** Validates `body` against the schema `schema()` makes, compiled once per `id`. */
  validate(id: string, schema: () => object, body: unknown): ValidationResult;
}

/** Adds each version's schemas (`versions[v].schemas`: name → pool key) to a strict Ajv, under `<name>-<version>`. */
export function pooledSchemas(
  name: string,
  versions: Readonly<Record<string, { schemas: Record<string, string> }>>,
  pool: Readonly<Record<string, unknown>>,
): PooledSchemas {
  const root = (version: string) => `https://intercom-leads.invalid/${name}-${version}.json`;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: "components" });
  for (const [version, { schemas }] of Object.entries(versions)) {
    const resolved = Object.fromEntries(Object.entries(schemas).map(([schema, key]) => [schema, pool[key]]));
    ajv.addSchema({ $id: root(version), components: { schemas: resolved } });
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    root,
    validate(id, schema, body) {
      let validate = compiled.get(id);
      if (!validate) {
        validate = ajv.compile(schema());
        compiled.set(id, validate);
      }
      const valid = validate(body);
      const errors = valid
        ? []
        : (validate.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message ?? error.keyword}`);
      return { valid, errors };
    },
  };
}
