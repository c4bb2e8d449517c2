import { describedMinor } from "../api-version.ts";
import { parameterInvalid } from "../error-response.ts";
import { reject, type Validated, validated } from "../validate-create.ts";
import { alreadyExists, DATA_ATTRIBUTE_ERRORS } from "./messages.ts";
import { renderDataAttribute, standardContactAttributes } from "./render.ts";
import type { FakeDataAttribute, FakeDataAttributeList, StoredDataAttribute } from "./types.ts";
import { type DataAttributeFields, isAttributeName } from "./validate.ts";

/** The model a `GET /data_attributes` asks for: `undefined` lists every model. */
type ListModel = "contact" | "company" | "conversation" | undefined;

function invalid(field: string, message: string): never {
  reject(parameterInvalid(field, message));
}

/**
 * The workspace's data attributes: the custom ones a test defines up front (`seeded`), those created through
 * `POST /data_attributes`, and the standard contact attributes listed beside them.
 */
export class DataAttributeStore {
  readonly #seeds: readonly string[];
  readonly #now: () => number;
  readonly #attributes: StoredDataAttribute[] = [];
  #nextId: number = 1;

  /**
   * @param seeds Contact attribute names defined before any request (`customAttributes`); checked here, so a typo
   * in a test's setup fails at once.
   * @param now The fake's clock (ms), read when they are defined: at once, and again on each `reset()`.
   */
  constructor(seeds: readonly string[], now: () => number) {
    for (const name of seeds) {
      if (!isAttributeName(name))
        throw new RangeError(`customAttributes: ${JSON.stringify(name)} is not a name Intercom takes for an attribute`);
    }
    if (new Set(seeds).size !== seeds.length) throw new RangeError("customAttributes names an attribute twice");
    this.#seeds = seeds;
    this.#now = now;
    this.#seed();
  }

  #seed(): void {
    // No seeds, no clock reading: a fake without them reads its clock only when asked something.
    if (this.#seeds.length === 0) return;
    const at = this.#now();
    // Seeds keep their ids across reset(): they are the workspace's setup, not something a test made.
    this.#seeds.forEach((name, index) => {
      this.#attributes.push(this.#stored(index + 1, { name, model: "contact", dataType: "string" }, at, true));
    });
    this.#nextId = Math.max(this.#nextId, this.#seeds.length + 1);
  }

  #stored(
    id: number,
    fields: Pick<DataAttributeFields, "name" | "model" | "dataType"> & Partial<DataAttributeFields>,
    at: number,
    seeded: boolean,
  ): StoredDataAttribute {
    return {
      id,
      name: fields.name,
      fullName: `custom_attributes.${fields.name}`,
      model: fields.model,
      dataType: fields.dataType,
      options: fields.options,
      description: fields.description,
      messengerWritable: fields.messengerWritable,
      at,
      seeded,
    };
  }

  /** Every custom attribute, oldest first. A snapshot. */
  get all(): readonly StoredDataAttribute[] {
    return [...this.#attributes];
  }

  /** The first of `names` that is no custom contact attribute of the workspace, or `undefined`. */
  firstUndefined(names: readonly string[]): string | undefined {
    const defined = new Set(this.#attributes.filter((a) => a.model === "contact").map((a) => a.name));
    return names.find((name) => !defined.has(name));
  }

  /**
   * Stores a checked create, or refuses a name the workspace has already, in any model (the descriptions' "Same
   * name already exists": a contact attribute named like a company one) or as a standard contact attribute.
   */
  create(fields: DataAttributeFields, apiVersion: string, at: number): Validated<FakeDataAttribute> {
    return validated(() => {
      const taken = this.#attributes.find((attribute) => attribute.name === fields.name);
      if (taken) reject(alreadyExists(fields.name, taken.model, fields.model));
      if (standardContactAttributes(apiVersion).some((attribute) => attribute.name === fields.name))
        reject(alreadyExists(fields.name, "contact", fields.model));
      const stored = this.#stored(this.#nextId++, fields, at, false);
      this.#attributes.push(stored);
      return renderDataAttribute(stored, apiVersion);
    });
  }

  /**
   * `GET /data_attributes`: `model` (contact, company; conversation until 2.15, refused with 2.16's 422 after) and
   * `include_archived` (the fake archives nothing, so it changes nothing). Other parameters are refused.
   */
  list(url: URL, apiVersion: string): Validated<FakeDataAttributeList> | { readonly gone: true } {
    const params = url.searchParams;
    const model = params.get("model") ?? undefined;
    if (model === "conversation" && describedMinor(apiVersion) >= 16) return { gone: true };
    return validated(() => {
      for (const name of params.keys()) {
        if (name !== "model" && name !== "include_archived")
          invalid(name, `'${name}' is not a parameter of List all data attributes`);
      }
      if (model !== undefined && model !== "contact" && model !== "company" && model !== "conversation")
        reject(DATA_ATTRIBUTE_ERRORS.model);
      const archived = params.get("include_archived");
      if (archived !== null && archived !== "true" && archived !== "false")
        invalid("include_archived", "include_archived must be a boolean");
      const wanted = model as ListModel;
      const standard = wanted === undefined || wanted === "contact" ? standardContactAttributes(apiVersion) : [];
      const custom = this.#attributes
        .filter((attribute) => wanted === undefined || attribute.model === wanted)
        .map((attribute) => renderDataAttribute(attribute, apiVersion));
      return { type: "list", data: [...standard, ...custom] };
    });
  }

  /** Forgets every attribute a request created; the seeded ones stay, defined anew. */
  reset(): void {
    this.#attributes.length = 0;
    this.#seed();
  }
}
