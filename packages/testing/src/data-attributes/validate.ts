import { describedMinor } from "../api-version.ts";
import { parameterInvalid } from "../error-response.ts";
import { reject, type Validated, validated } from "../validate-create.ts";
import { DATA_ATTRIBUTE_ERRORS } from "./messages.ts";
import type { FakeDataAttributeModel, FakeDataAttributeType } from "./types.ts";

/** A `POST /data_attributes` body that passed the checks that need no other attribute. */
export interface DataAttributeFields {
  readonly name: string;
  readonly model: FakeDataAttributeModel;
  readonly dataType: FakeDataAttributeType;
  readonly options: readonly string[] | undefined;
  readonly description: string | undefined;
  /** As sent; `undefined` lets each version's default apply. */
  readonly messengerWritable: boolean | undefined;
}

const SCALAR_TYPES: readonly FakeDataAttributeType[] = ["string", "integer", "float", "boolean", "datetime", "date"];

/**
 * "Alphanumeric characters, currency symbols, and hyphens", as the refusal says; the descriptions' own
 * successful examples ("Mithril Shirt", "The One Ring") have spaces, and custom attributes such as `paid_subscriber`
 * (the 1.x document) underscores, so those pass too. A dot would split `full_name` wrongly, and is refused.
 */
const NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

/** Whether `name` is one Intercom takes for a data attribute. */
export function isAttributeName(name: unknown): name is string {
  return typeof name === "string" && name.trim() !== "" && NAME.test(name);
}

/** The `data_type`s `apiVersion`'s `create_data_attribute_request` lists: `options` from 2.14. */
function dataTypesOf(apiVersion: string): readonly FakeDataAttributeType[] {
  return describedMinor(apiVersion) >= 14 ? [...SCALAR_TYPES, "options"] : SCALAR_TYPES;
}

/**
 * A list's options as each version's request types them: up to 2.13 an array of strings (`data_type` must be
 * `string`), from 2.14 an array of `{ value }` with at least two (`data_type: "options"`).
 */
function options(
  body: Record<string, unknown>,
  dataType: FakeDataAttributeType,
  apiVersion: string,
): string[] | undefined {
  const value = body.options;
  const listType = describedMinor(apiVersion) >= 14 ? "options" : "string";
  if (value === undefined || value === null) {
    if (dataType === "options") reject(DATA_ATTRIBUTE_ERRORS.tooFewOptions);
    return undefined;
  }
  if (!Array.isArray(value)) reject(DATA_ATTRIBUTE_ERRORS.optionsNotArray);
  if (dataType !== listType) reject(DATA_ATTRIBUTE_ERRORS.optionsNotList);
  const values = value.map((option: unknown) => {
    const text = listType === "options" ? (option as { value?: unknown } | null)?.value : option;
    if (typeof text !== "string") reject(DATA_ATTRIBUTE_ERRORS.optionsNotArray);
    return text;
  });
  if (listType === "options" && values.length < 2) reject(DATA_ATTRIBUTE_ERRORS.tooFewOptions);
  return values;
}

/**
 * Checks a `POST /data_attributes` body in the order the descriptions' examples imply: the model first (a body
 * with nothing but options is refused for its model), then the name, the data type (per version), the list's
 * options, and the optional fields' types. Whether the name is taken is the store's to say.
 */
export function validateDataAttributeBody(
  body: Record<string, unknown>,
  apiVersion: string,
): Validated<DataAttributeFields> {
  return validated(() => {
    const { model, name, data_type: dataType, description, messenger_writable: messengerWritable } = body;
    if (model !== "contact" && model !== "company") reject(DATA_ATTRIBUTE_ERRORS.model);
    if (!isAttributeName(name)) reject(DATA_ATTRIBUTE_ERRORS.name);
    if (!dataTypesOf(apiVersion).includes(dataType as FakeDataAttributeType)) reject(DATA_ATTRIBUTE_ERRORS.dataType);
    const type = dataType as FakeDataAttributeType;
    const list = options(body, type, apiVersion);
    if (description !== undefined && typeof description !== "string")
      reject(parameterInvalid("description", "description must be a string"));
    if (messengerWritable !== undefined && typeof messengerWritable !== "boolean")
      reject(parameterInvalid("messenger_writable", "messenger_writable must be a boolean"));
    return {
      name,
      model,
      dataType: type,
      options: list,
      description,
      messengerWritable,
    };
  });
}
