import { type LeadField, leadFieldsFor } from "@intercom-leads/core";
import { describedMinor, isPreviewVersion } from "../api-version.ts";
import { FAKE_ADMIN_ID } from "../constants.ts";
import type { FakeDataAttribute, StoredDataAttribute } from "./types.ts";

/**
 * A custom attribute as `apiVersion` answers it, keys in the order of the descriptions' `POST /data_attributes`
 * example. 2.11's `data_attribute` requires `description`, so there it is `""` when none was given; elsewhere it is
 * left out then, as in the example. A list attribute is a `string` with its `options`, as the `PUT` example shows.
 */
export function renderDataAttribute(attribute: StoredDataAttribute, apiVersion: string): FakeDataAttribute {
  const minor = describedMinor(apiVersion);
  const seconds = Math.floor(attribute.at / 1000);
  const dataType =
    attribute.dataType === "options"
      ? "string"
      : attribute.dataType === "datetime" && !isPreviewVersion(apiVersion)
        ? "date"
        : attribute.dataType;
  const description = attribute.description ?? (minor === 11 ? "" : undefined);
  return {
    id: attribute.id,
    type: "data_attribute",
    name: attribute.name,
    full_name: attribute.fullName,
    label: attribute.name,
    ...(description === undefined ? {} : { description }),
    data_type: dataType,
    ...(attribute.options ? { options: [...attribute.options] } : {}),
    api_writable: true,
    ui_writable: false,
    // Unsent, it reads as each description's successful example answers it: true up to 2.10, false after.
    messenger_writable: attribute.messengerWritable ?? minor <= 10,
    custom: true,
    archived: false,
    admin_id: FAKE_ADMIN_ID,
    created_at: seconds,
    updated_at: seconds,
    model: attribute.model,
  };
}

const STANDARD_TYPES: Readonly<Record<LeadField["type"], FakeDataAttribute["data_type"] | undefined>> = {
  string: "string",
  integer: "integer",
  boolean: "boolean",
  timestamp: "date",
  object: undefined,
};

/**
 * The standard contact attributes the fake lists before the custom ones: the fields a create takes in
 * `apiVersion` (core's `leadFieldsFor`), shaped as the descriptions' list example shapes standard attributes (no
 * `id`, `custom: false`, `full_name` the name itself). Their labels and descriptions are the fake's own words.
 */
export function standardContactAttributes(apiVersion: string): FakeDataAttribute[] {
  return leadFieldsFor(apiVersion).flatMap((field) => {
    const dataType = STANDARD_TYPES[field.type];
    if (dataType === undefined || field.name === "role") return [];
    const label = field.name.replaceAll("_", " ");
    return [
      {
        type: "data_attribute",
        name: field.name,
        full_name: field.name,
        label: label.charAt(0).toUpperCase() + label.slice(1),
        description: `The contact's ${label}`,
        data_type: dataType,
        api_writable: true,
        ui_writable: false,
        messenger_writable: true,
        custom: false,
        archived: false,
        model: "contact",
      } satisfies FakeDataAttribute,
    ];
  });
}
