import type { ApiVersion, DefaultApiVersion, IntercomClient, IntercomError, LeadFor } from "@intercom-leads/core";
import { skipToken, type UseQueryOptions } from "@tanstack/react-query";
import { type LeadDetailKey, leadDetailKey } from "./lead-keys.ts";

/** `useQuery` options for one lead, keyed by `leadKeys.detail(id)`; the data is `LeadFor<V>`. */
export type LeadQueryOptions<V extends ApiVersion = DefaultApiVersion> = UseQueryOptions<
  LeadFor<V>,
  IntercomError,
  LeadFor<V>,
  readonly ["intercom-leads", "lead", string]
> & {
  /** `leadKeys.detail<V>(id)`. */
  queryKey: LeadDetailKey<V>;
};

/**
 * Options to read one lead, typed from the client's API version. The cache answers first;
 * Intercom is asked only when the client holds a token (a server). A browser client behind the
 * proxy never asks, so a visitor cannot read other people's contacts by id: for a lead that is
 * not in the cache, its query stays `status: "pending"` with `fetchStatus: "idle"`. Leads are
 * kept fresh forever: nothing in this app changes one once created.
 *
 * @example
 * const lead = await queryClient.fetchQuery(leadQueryOptions(serverIntercom, id)); // Contact
 */
export function leadQueryOptions<V extends ApiVersion = DefaultApiVersion>(
  client: IntercomClient<V>,
  id: string | undefined,
): LeadQueryOptions<V> {
  // TanStack's queryOptions() only adds types, which the return type gives already.
  return {
    queryKey: leadDetailKey<V>(id ?? ""),
    queryFn: id && client.hasToken ? ({ signal }) => client.getLead(id, { signal }) : skipToken,
    staleTime: Infinity,
  };
}
