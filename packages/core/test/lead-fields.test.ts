/**
 * The lead-field table (src/lead/lead-fields.ts) and the committed spec fixtures against Intercom's own OpenAPI
 * descriptions, read from ../shared/spec beside the repository (CI clones it there; see its README.md for the
 * upstream commit). Each description (up to 1.5 MB of YAML) is parsed once per run, on first use, and that one
 * parse serves both checks of its version.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DESCRIBED_API_VERSIONS, type LeadField, leadFieldsFor } from "../src/index.ts";
import {
  descriptionFolders,
  descriptionPath,
  extractFixture,
  fixtureFileName,
  parseDescription,
  upstreamCommit,
} from "./fixtures/extract-spec-fixtures.mjs";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SPEC_DIR = resolve(REPO_ROOT, "../shared/spec");
const FIXTURES_DIR = fileURLToPath(new URL("./fixtures/", import.meta.url));
const WHERE_FROM =
  "They are Intercom's official OpenAPI descriptions (MIT), https://github.com/intercom/Intercom-OpenAPI " +
  "descriptions/<version>/api.intercom.io.yaml (Preview is descriptions/0), one folder per version " +
  "(2.7 … 2.16, preview) with the upstream LICENSE.md and a README.md naming the commit; CI clones them as " +
  "shared/spec beside the repository.";
const inCi = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";
const haveSpecs = existsSync(SPEC_DIR);

it.runIf(!haveSpecs)("needs Intercom's descriptions at ../shared/spec", (context) => {
  const message = `${SPEC_DIR} does not exist, so the lead-field table and the spec fixtures are not checked against Intercom's descriptions. ${WHERE_FROM}`;
  if (inCi) expect.fail(message);
  // The default reporter does not print a skip's note: say it where a developer running the tests sees it.
  console.warn(message);
  context.skip(message);
});

interface Description {
  readonly text: string;
  readonly doc: OpenApiDocument;
}

interface OpenApiSchema {
  type?: string;
  format?: string;
  nullable?: boolean;
  $ref?: string;
  oneOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
}

interface OpenApiDocument {
  info?: { version?: string };
  paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } } }>;
  components: { schemas: Record<string, OpenApiSchema | undefined> };
}

const parsed = new Map<string, Description>();
// A folder's first test parses its description: up to half a second alone, more on a busy machine.
const PARSING = { timeout: 20_000 };

/** The description in `folder`, parsed on first use and kept for the rest of the run. */
function description(folder: string): Description {
  let found = parsed.get(folder);
  if (!found) {
    const text = readFileSync(descriptionPath(SPEC_DIR, folder), "utf8");
    found = { text, doc: parseDescription(text) as OpenApiDocument };
    parsed.set(folder, found);
  }
  return found;
}

/** The table's name for a version folder (`preview` is `Preview`), or `undefined` when the table lacks it. */
function tableVersion(folder: string): string | undefined {
  return DESCRIBED_API_VERSIONS.find((version) => version.toLowerCase() === folder.toLowerCase());
}

/** A create_contact_request property as a `LeadField`: `integer` + `format: date-time` is a Unix-seconds `timestamp`. */
function describedField(name: string, property: OpenApiSchema): LeadField | string {
  const { type, format } = property;
  let fieldType: LeadField["type"];
  if (type === "integer" && format === "date-time") fieldType = "timestamp";
  else if (type === "string" || type === "integer" || type === "boolean" || type === "object") fieldType = type;
  else return `${name}: the description gives ${JSON.stringify(property)}, which the table has no type for`;
  return { name, type: fieldType, nullable: property.nullable === true };
}

const show = (field: LeadField) => `${field.type}${field.nullable ? ", nullable" : ""}`;

/** Every way the table's fields for `version` differ from the description's create_contact_request. */
function tableDifferences(version: string, doc: OpenApiDocument): string[] {
  const schema = doc.components.schemas.create_contact_request;
  if (!schema?.properties) return ["the description has no components.schemas.create_contact_request.properties"];
  const differences: string[] = [];
  const described = new Map<string, LeadField>();
  for (const [name, property] of Object.entries(schema.properties)) {
    const field = describedField(name, property);
    if (typeof field === "string") differences.push(field);
    else described.set(name, field);
  }
  const table = new Map(leadFieldsFor(version).map((field) => [field.name, field]));
  for (const [name, field] of described) {
    const ours = table.get(name);
    if (!ours) differences.push(`${name}: described (${show(field)}), missing from leadFieldsFor("${version}")`);
    else if (ours.type !== field.type || ours.nullable !== field.nullable)
      differences.push(`${name}: the table says ${show(ours)}; the description says ${show(field)}`);
  }
  for (const [name, ours] of table)
    if (!described.has(name))
      differences.push(`${name}: in leadFieldsFor("${version}") (${show(ours)}), not in the description`);
  return differences;
}

describe.runIf(haveSpecs)("Intercom's descriptions in ../shared/spec", () => {
  const folders = haveSpecs ? descriptionFolders(SPEC_DIR) : [];

  it("are all versions the table knows (a newly published version fails until DESCRIBED_API_VERSIONS has it)", () => {
    expect(folders.length, `no description in ${SPEC_DIR}. ${WHERE_FROM}`).toBeGreaterThan(0);
    const unknown = folders.filter((folder) => tableVersion(folder) === undefined);
    expect(unknown, "versions described in ../shared/spec that DESCRIBED_API_VERSIONS lacks").toEqual([]);
    const undescribed = DESCRIBED_API_VERSIONS.filter(
      (version) => !folders.some((folder) => folder.toLowerCase() === version.toLowerCase()),
    );
    expect(undescribed, "versions in DESCRIBED_API_VERSIONS with no description in ../shared/spec").toEqual([]);
  });

  it("have one committed fixture each, and there are no others", () => {
    const committed = readdirSync(FIXTURES_DIR)
      .filter((file) => /^intercom-openapi-.+\.json$/.test(file))
      .sort();
    expect(committed).toEqual(folders.map(fixtureFileName).sort());
  });

  describe.each(folders)("%s", (folder) => {
    it("matches leadFieldsFor: names, types and nullability of create_contact_request", PARSING, () => {
      const { doc } = description(folder);
      const version = tableVersion(folder);
      expect(version, `DESCRIBED_API_VERSIONS has no ${folder}`).toBeDefined();
      expect(doc.info?.version?.toLowerCase()).toBe(folder.toLowerCase());
      // POST /contacts must still take create_contact_request (directly, or as its one oneOf branch).
      const body = doc.paths["/contacts"]?.post?.requestBody?.content?.["application/json"]?.schema;
      expect([body?.$ref, body?.oneOf?.length === 1 ? body.oneOf[0]?.$ref : undefined]).toContain(
        "#/components/schemas/create_contact_request",
      );
      expect(tableDifferences(version ?? folder, doc)).toEqual([]);
    });

    it("is what the committed fixture holds (re-run fixtures/extract-spec-fixtures.mjs when not)", PARSING, () => {
      const { text, doc } = description(folder);
      const file = resolve(FIXTURES_DIR, fixtureFileName(folder));
      expect(existsSync(file), `${fixtureFileName(folder)} is missing`).toBe(true);
      const committed = JSON.parse(readFileSync(file, "utf8")) as { source: { extracted: string } };
      // Everything but the date of the extraction must be what the description gives today.
      const fresh = extractFixture({
        folder,
        text,
        doc,
        commit: upstreamCommit(SPEC_DIR),
        extracted: committed.source.extracted,
      });
      expect(committed).toEqual(fresh);
    });
  });
});
