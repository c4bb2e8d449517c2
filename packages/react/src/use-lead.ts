"use client";
import type { ApiVersion, DefaultApiVersion, IntercomClient, IntercomError, LeadFor } from "@intercom-leads/core";
import { type UseQueryOptions, type UseQueryResult, useQuery } from "@tanstack/react-query";
import { definedOnly } from "./defined-only.ts";
import { leadQueryOptions } from "./lead-query-options.ts";
import { useIntercomClient } from "./provider.ts";

/** Options of `useLead`: everything `useQuery` takes except the key and the query function, which stay the hook's. */
export type UseLeadOptions<V extends ApiVersion = DefaultApiVersion> = Omit<
  UseQueryOptions<LeadFor<V>, IntercomError, LeadFor<V>, readonly ["intercom-leads", "lead", string]>,
  "queryKey" | "queryFn"
>;

/**
 * Reads a lead: from the cache `useCreateLead` filled, with no request, or (only for a
 * server-side client holding a token) from Intercom. With `id` undefined the query stays idle.
 * Pass the client's API version as the type argument for a 1.x client: `useLead<"1.4">(id)`.
 *
 * In a browser a lead that is not in the cache is never fetched: the query stays
 * `status: "pending"` with `fetchStatus: "idle"`, so `isPending` stays `true` for good. Key
 * spinners on `isFetching`, not on `isPending`.
 *
 * @example
 * const { data: lead, isFetching } = useLead(created?.id);
 */
export function useLead<V extends ApiVersion = DefaultApiVersion>(
  id: string | undefined,
  options: UseLeadOptions<V> = {},
): UseQueryResult<LeadFor<V>, IntercomError> {
  const client = useIntercomClient<IntercomClient<V>>();
  const base = leadQueryOptions(client, id);
  // The key and the guard on reading stay ours, whatever the options say.
  return useQuery({ ...base, ...definedOnly(options), queryKey: base.queryKey, queryFn: base.queryFn });
}
