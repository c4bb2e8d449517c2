/**
 * Validators for the fake's 2.x answers, per API version, from ../fixtures/contact-answers.json: schemas extracted
 * from Intercom's OpenAPI descriptions (MIT, see ../fixtures/INTERCOM-OPENAPI-LICENSE.md) by
 * ../fixtures/extract-contact-answers.mjs. Faithful to the descriptions, quirks included: no `contact` property is
 * required except in 2.11, and unknown properties pass everywhere, so the tests also compare keys exactly.
 */
import fixture from "../fixtures/contact-answers.json" with { type: "json" };
import { pooledSchemas } from "./pooled-schemas.ts";
import type { SpecVersion, ValidationResult } from "./spec-validators.ts";

/** Every described 2.x version, oldest first, Preview last: the versions core's spec fixtures cover. */
export type AnswerVersion = SpecVersion;

/** The answers validated: `POST /contacts`, `GET /contacts/{id}`, `GET /contacts`, `POST /contacts/search`. */
export type AnswerKind = "create" | "find" | "list" | "search";

interface VersionFixture {
  list: { summary: string; pagination: string; parameters: { name: string; description: string; type: string }[] };
  answers: Record<AnswerKind, string>;
  schemas: Record<string, string>;
}

const versions = fixture.versions as Record<AnswerVersion, VersionFixture>;
const pool = fixture.pool as Record<string, Record<string, unknown>>;

/** The described versions, oldest first, Preview last. */
export const ANSWER_VERSIONS: readonly AnswerVersion[] = Object.keys(versions) as AnswerVersion[];

/** "List all contacts" as `version`'s description gives it: its query parameters and its pagination sentence. */
export function listDescription(version: AnswerVersion): VersionFixture["list"] {
  return versions[version].list;
}

/** The properties `version`'s `contact` schema describes, in its order. */
export function contactProperties(version: AnswerVersion): string[] {
  const contact = pool[versions[version].schemas.contact ?? ""] as { properties: Record<string, unknown> };
  return Object.keys(contact.properties);
}

const schemas = pooledSchemas("contact-answers", versions, pool);

/** Validates `body` against what `version`'s description says the `kind` answer is. */
export function validateAnswer(version: AnswerVersion, kind: AnswerKind, body: unknown): ValidationResult {
  return schemas.validate(
    `${version}:${kind}`,
    () =>
      JSON.parse(
        JSON.stringify(pool[versions[version].answers[kind]]).replaceAll(
          '"#/components/',
          `"${schemas.root(version)}#/components/`,
        ),
      ) as object,
    body,
  );
}
