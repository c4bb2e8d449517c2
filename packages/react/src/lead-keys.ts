import type { Contact, IntercomError, LegacyLead } from "@intercom-leads/core";
import type { DataTag } from "@tanstack/react-query";

/** The query key of every lead this package caches. */
export type LeadsKey = readonly ["intercom-leads", "lead"];

/** The query key of one lead, tagged with its data and error types so cache reads and writes are type-checked. */
export type LeadDetailKey<TLead = Contact> = DataTag<readonly ["intercom-leads", "lead", string], TLead, IntercomError>;

/** The query-key factory for leads, in TanStack's style. */
export interface LeadKeys {
  /** Matches every cached lead: `queryClient.invalidateQueries({ queryKey: leadKeys.all })`. */
  readonly all: LeadsKey;
  /** The key of one lead; pass `LegacyLead` as the type for API 1.x clients. */
  detail<TLead extends Contact | LegacyLead = Contact>(id: string): LeadDetailKey<TLead>;
}

/**
 * Query keys for leads.
 *
 * @example
 * const lead = queryClient.getQueryData(leadKeys.detail(id)); // Contact | undefined
 */
export const leadKeys: LeadKeys = {
  all: ["intercom-leads", "lead"],
  detail: <TLead extends Contact | LegacyLead = Contact>(id: string) =>
    ["intercom-leads", "lead", id] as unknown as LeadDetailKey<TLead>,
};
