/**
 * An Intercom REST API version, sent as the `Intercom-Version` header.
 *
 * `2.x` versions and `Preview` (Intercom's next version, still changing) create contacts with
 * `role: "lead"`; `1.x` versions use the legacy Leads API described by the original Create Lead document.
 */
export type ApiVersion = `2.${number}` | `1.${number}` | "Preview";

/** The API version a client uses when none is given. */
export type DefaultApiVersion = "2.14";

/** The API version a client uses when none is given: the one the official SDK pins. */
export const DEFAULT_API_VERSION: DefaultApiVersion = "2.14";

/** `true` for the legacy `1.x` API versions. */
export function isLegacyApiVersion(version: string): boolean {
  return version.startsWith("1.");
}
