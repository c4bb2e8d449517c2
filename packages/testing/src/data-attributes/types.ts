/** The models Intercom's `POST /data_attributes` creates attributes for (every 2.x description). */
export type FakeDataAttributeModel = "contact" | "company";

/**
 * What a create's `data_type` may be: every description's `create_data_attribute_request` lists the first six;
 * from 2.14 `options` makes a list attribute (before 2.14 a list is a `string` with `options`).
 */
export type FakeDataAttributeType = "string" | "integer" | "float" | "boolean" | "datetime" | "date" | "options";

/** A custom data attribute the fake's workspace defines: given in `customAttributes`, or created by a request. */
export interface StoredDataAttribute {
  /** Its id, as Intercom numbers custom attributes. */
  readonly id: number;
  /** The name a contact's `custom_attributes` uses, e.g. `utm_source`. */
  readonly name: string;
  /** `custom_attributes.<name>`, as Intercom's answers give it. */
  readonly fullName: string;
  readonly model: FakeDataAttributeModel;
  /** The `data_type` it was created with (`string` for one given in `customAttributes`). */
  readonly dataType: FakeDataAttributeType;
  /** A list attribute's options, in order; `undefined` for other attributes. */
  readonly options: readonly string[] | undefined;
  readonly description: string | undefined;
  /** As the create sent it; `undefined` when it did not, and each version's default applies. */
  readonly messengerWritable: boolean | undefined;
  /** When it was defined, in milliseconds from the fake's clock. */
  readonly at: number;
  /** `true` for one given in the `customAttributes` option: `reset()` keeps those and forgets the others. */
  readonly seeded: boolean;
}

/**
 * A data attribute as the fake answers it (`POST /data_attributes`, and each item of `GET /data_attributes`): the
 * descriptions' `data_attribute`. Custom attributes carry `id`, `admin_id`, `created_at` and `updated_at`; the
 * standard ones listed beside them do not, as in the descriptions' list example.
 */
export interface FakeDataAttribute {
  id?: number;
  type: "data_attribute";
  name: string;
  /** `custom_attributes.<name>` for a custom attribute; the name itself for a standard one. */
  full_name: string;
  label: string;
  description?: string;
  /** A `datetime` create is answered as `date` up to 2.16, whose answer schema has no `datetime`; Preview keeps it. */
  data_type: "string" | "integer" | "float" | "boolean" | "date" | "datetime";
  options?: string[];
  api_writable: boolean;
  ui_writable: boolean;
  messenger_writable: boolean;
  custom: boolean;
  archived: boolean;
  admin_id?: string;
  created_at?: number;
  updated_at?: number;
  model: FakeDataAttributeModel;
}

/** What `GET /data_attributes` answers: the descriptions' `data_attribute_list`. */
export interface FakeDataAttributeList {
  type: "list";
  data: FakeDataAttribute[];
}
