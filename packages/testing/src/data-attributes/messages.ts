import type { IntercomErrorEntry } from "@intercom-leads/core";
import type { FakeDataAttributeModel } from "./types.ts";

/**
 * The `parameter_invalid` messages of `POST /data_attributes`, worded as the 400 examples of every 2.x
 * description word them ("Same name already exists", "Invalid name", "Attribute already exists", "Invalid Data
 * Type", and the one filed as "Too few options for list", which answers a body without a model). The list rules
 * come from 2.16's 422 examples of the list-option routes and the 400 example of `PUT /data_attributes/{id}`.
 */
export const DATA_ATTRIBUTE_ERRORS: {
  readonly model: IntercomErrorEntry;
  readonly name: IntercomErrorEntry;
  readonly dataType: IntercomErrorEntry;
  readonly optionsNotArray: IntercomErrorEntry;
  readonly optionsNotList: IntercomErrorEntry;
  readonly tooFewOptions: IntercomErrorEntry;
  readonly conversationModelGone: IntercomErrorEntry;
} = Object.freeze({
  model: { code: "parameter_invalid", message: "The Data Attribute model field must be either contact or company" },
  name: {
    code: "parameter_invalid",
    message: "Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens",
  },
  dataType: { code: "parameter_invalid", message: "Data Type isn't an option" },
  optionsNotArray: { code: "parameter_invalid", message: "Options isn't an array" },
  optionsNotList: { code: "parameter_invalid", message: "Options can only be managed on list attributes" },
  tooFewOptions: { code: "parameter_invalid", message: "A list attribute must have at least 2 active options" },
  conversationModelGone: {
    code: "parameter_invalid",
    message: "model=conversation is no longer supported. Use GET /conversations/attributes instead",
  },
});

// The descriptions call contact data "people data" in these messages.
const DATA_NAMES: Readonly<Record<FakeDataAttributeModel, string>> = { contact: "people", company: "company" };

/** "You already have 'X' in your company data. To save this as new people data, use a different name." */
export function alreadyExists(
  name: string,
  existing: FakeDataAttributeModel,
  wanted: FakeDataAttributeModel,
): IntercomErrorEntry {
  return {
    code: "parameter_invalid",
    message:
      `You already have '${name}' in your ${DATA_NAMES[existing]} data. ` +
      `To save this as new ${DATA_NAMES[wanted]} data, use a different name.`,
  };
}

/**
 * Intercom's refusal of a contact create naming a custom attribute the workspace has not defined. No description
 * documents it on `/contacts`: the wording is the one the 2.14+ descriptions give for the same refusal on the Fin
 * routes ("User attribute 'invalid_attr' does not exist"), the code is the one Intercom answers a conversation's
 * undefined attribute with (`parameter_invalid`, "Conversation attribute 'x' does not exist", reported in
 * intercom/intercom-node#349), and the status is the 400 of the descriptions' other `parameter_invalid` answers.
 */
export function userAttributeMissing(name: string): IntercomErrorEntry {
  return { code: "parameter_invalid", message: `User attribute '${name}' does not exist` };
}
