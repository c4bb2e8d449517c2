import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { LeadAttributionName } from "../types/attribution.ts";

const ATTRIBUTION_NAMES: readonly LeadAttributionName[] = [
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "referrer",
  "landing_path",
];

/** Checks the `attribution` option against `fields` when the handler is made. */
export function checkAttribution(
  attribution: Partial<Record<LeadAttributionName, string>>,
  fields: ReadonlySet<string>,
): void {
  for (const [name, target] of Object.entries(attribution)) {
    if (!ATTRIBUTION_NAMES.includes(name as LeadAttributionName))
      throw new IntercomConfigError(
        `attribution: ${JSON.stringify(name)} is not one of ${ATTRIBUTION_NAMES.join(", ")}`,
      );
    if (!fields.has(target as string))
      throw new IntercomConfigError(
        `attribution: ${name} goes to ${JSON.stringify(target)}, which \`fields\` must allow too (Intercom refuses attributes the workspace does not have)`,
      );
  }
}

/** The targets of `userAgent`: off, the 1.x field, or a custom attribute. */
export type UserAgentTarget = false | "last_seen_user_agent" | `custom_attributes.${string}`;
