import { leadFieldsFor } from "@intercom-leads/core";

/**
 * How a 2.x version's answers differ, as Intercom's OpenAPI descriptions (2.7 … 2.16 and Preview) give them.
 * Everything else in a contact is the same in every version.
 */
export interface ContactShape {
  /** The JSON type of `owner_id`: an integer up to 2.15, a string (`"321"`) in 2.16 and Preview. */
  readonly ownerId: "integer" | "string";
  /** `formatted_phone` (the phone in E.164): only the 2.11 and Preview descriptions have it. */
  readonly formattedPhone: boolean;
  /** `merge_history`, with `include_merge_history=true`: 2.16 and Preview. */
  readonly mergeHistory: boolean;
  /** `enabled_push_messaging`: from 2.12 (declared on the single-contact answers, create and find). */
  readonly pushMessaging: boolean;
}

// Preview (called Unstable before) sorts after every numbered version.
const PREVIEW = Number.POSITIVE_INFINITY;

/** Whether `version` names Preview, by its name now or its former one, in any case. */
export function isPreviewVersion(version: string): boolean {
  return /^(preview|unstable)$/i.test(version);
}

/**
 * The minor number whose description a 2.x version follows: older than 2.7 (the oldest description) reads as 2.7,
 * newer than 2.16 (the newest) as 2.16, as `leadFieldsFor` reads them; Preview as after all of them.
 */
export function describedMinor(version: string): number {
  if (isPreviewVersion(version)) return PREVIEW;
  return Math.min(Math.max(Number(version.split(".")[1]), 7), 16);
}

const shapes = new Map<string, ContactShape>();

/** How `apiVersion` (a 2.x version or Preview) shapes a contact. */
export function contactShapeFor(apiVersion: string): ContactShape {
  const minor = describedMinor(apiVersion);
  const key = String(minor);
  let shape = shapes.get(key);
  if (!shape) {
    // The contact's owner_id has the type the create request's has, in every description: one table for both.
    const owner = leadFieldsFor(apiVersion).find((field) => field.name === "owner_id");
    shape = {
      ownerId: owner?.type === "integer" ? "integer" : "string",
      formattedPhone: minor === 11 || minor === PREVIEW,
      mergeHistory: minor >= 16,
      pushMessaging: minor >= 12,
    };
    shapes.set(key, shape);
  }
  return shape;
}
