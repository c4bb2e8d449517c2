import type { LeadResponseView } from "./options.ts";

const SUMMARY_FIELDS = ["type", "id", "role", "email", "name", "phone", "created_at"];

/** What the browser gets of a created lead, as `respondWith` says. */
export function leadView(respondWith: LeadResponseView, lead: Record<string, unknown>): unknown {
  if (typeof respondWith === "function") return respondWith(lead);
  if (respondWith === "lead") return lead;
  return Object.fromEntries(SUMMARY_FIELDS.filter((field) => field in lead).map((field) => [field, lead[field]]));
}
