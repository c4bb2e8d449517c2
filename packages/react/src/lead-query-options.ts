import type { Contact, IntercomClient, IntercomError, LegacyLead } from "@intercom-leads/core";
import { type DataTag, queryOptions, skipToken, type UseQueryOptions } from "@tanstack/react-query";
import { leadKeys } from "./lead-keys.ts";

/** `useQuery` options for one lead, keyed by `leadKeys.detail(id)`. */
export type LeadQueryOptions<TLead = Contact> = UseQueryOptions<TLead, IntercomError, TLead, readonly ["intercom-leads", "lead", string]> & {
  queryKey: DataTag<readonly ["intercom-leads", "lead", string], TLead, IntercomError>;
};

/**
 * Options to read one lead. The cache answers first; Intercom is asked only
 * when the client holds a token (a server): a browser client behind the proxy
 * never asks, so a visitor cannot read other people's contacts by id.
 * Leads are kept fresh forever: nothing in this app changes one once created.
 */
export function leadQueryOptions<TLead extends Contact | LegacyLead = Contact>(
  client: IntercomClient<any>,
  id: string | undefined,
): LeadQueryOptions<TLead> {
  const canRead = id !== undefined && id !== "" && client.hasToken;
  return queryOptions({
    queryKey: leadKeys.detail<TLead>(id ?? ""),
    queryFn: canRead ? ({ signal }) => client.getLead(id, { signal }) as Promise<TLead> : skipToken,
    staleTime: Number.POSITIVE_INFINITY,
  }) as LeadQueryOptions<TLead>;
}
