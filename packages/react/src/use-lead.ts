"use client";
import type { Contact, IntercomError, LegacyLead } from "@intercom-leads/core";
import { useQuery, type UseQueryOptions, type UseQueryResult } from "@tanstack/react-query";
import { leadQueryOptions } from "./lead-query-options.ts";
import { useIntercomClient } from "./provider.tsx";

/** Options of `useLead`: everything `useQuery` takes except the key and function. */
export type UseLeadOptions<TLead = Contact> = Omit<
  UseQueryOptions<TLead, IntercomError, TLead, readonly ["intercom-leads", "lead", string]>,
  "queryKey" | "queryFn"
>;

/**
 * Reads a lead: from the cache `useCreateLead` filled, with no request, or —
 * only for a server-side client holding a token — from Intercom. With `id`
 * undefined the query stays idle.
 *
 * @example
 * const { data: lead } = useLead(created?.id);
 */
export function useLead<TLead extends Contact | LegacyLead = Contact>(
  id: string | undefined,
  options: UseLeadOptions<TLead> = {},
): UseQueryResult<TLead, IntercomError> {
  const client = useIntercomClient();
  const base = leadQueryOptions<TLead>(client, id);
  // The key and the guard on reading stay ours, whatever the options say.
  return useQuery({ ...options, queryKey: base.queryKey, queryFn: base.queryFn, staleTime: options.staleTime ?? base.staleTime });
}
