import {
  type ApiVersion,
  type DefaultApiVersion,
  type IntercomClient,
  type IntercomError,
  isRateLimitError,
  type LeadFor,
  type LeadInputFor,
} from "@intercom-leads/core";
import { mutationOptions, type QueryClient, type UseMutationOptions } from "@tanstack/react-query";
import { createOnce } from "./in-flight.ts";
import { leadKeys } from "./lead-keys.ts";

/** The mutation key every lead creation uses; match it with `useMutationState` or `queryClient.isMutating`. */
export type CreateLeadMutationKey = readonly ["intercom-leads", "create-lead"];

/** The mutation key every lead creation uses. */
export const createLeadMutationKey: CreateLeadMutationKey = ["intercom-leads", "create-lead"];

/** What `createLeadMutationOptions` returns: `useMutation` options with the key and function filled in. */
export type CreateLeadMutationOptions<V extends ApiVersion = DefaultApiVersion> = Omit<
  UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>>,
  "mutationKey" | "mutationFn" | "onSuccess"
> & {
  mutationKey: CreateLeadMutationKey;
  mutationFn: (input: LeadInputFor<V>) => Promise<LeadFor<V>>;
  onSuccess: (lead: LeadFor<V>, input: LeadInputFor<V>, onMutateResult: unknown, context: { client: QueryClient }) => void;
};

// The core client already waits out short 429 windows; a RateLimitError that
// reaches the mutation gets one more try once its window has reset.
const RATE_LIMIT_RETRIES = 1;
const MAX_RETRY_DELAY = 60_000;

/**
 * The options `useCreateLead` runs with, for use outside React: in a router
 * loader or action, with `queryClient.getMutationCache()`, or to build your own
 * hook. Equal inputs created at the same time share one request; the created
 * lead is written to the cache under `leadKeys.detail(lead.id)`.
 *
 * @example
 * const options = createLeadMutationOptions(intercom);
 * const lead = await queryClient.getMutationCache().build(queryClient, options).execute(input);
 */
export function createLeadMutationOptions<V extends ApiVersion = DefaultApiVersion>(
  client: IntercomClient<V>,
): CreateLeadMutationOptions<V> {
  return mutationOptions({
    mutationKey: createLeadMutationKey,
    mutationFn: (input: LeadInputFor<V>) => createOnce(client, input, () => client.createLead(input)),
    onSuccess: (lead: LeadFor<V>, _input: LeadInputFor<V>, _onMutateResult: unknown, context: { client: QueryClient }) => {
      // A new entry, never a change to an existing one; updatedAt makes it fresh.
      context.client.setQueryData(leadKeys.detail<LeadFor<V>>(lead.id), lead, { updatedAt: Date.now() });
    },
    // A create is not idempotent: only a 429, which stored nothing, is retried.
    retry: (failureCount: number, error: IntercomError) => isRateLimitError(error) && failureCount < RATE_LIMIT_RETRIES,
    retryDelay: (_failureCount: number, error: IntercomError) =>
      isRateLimitError(error) && error.resetAt ? Math.min(MAX_RETRY_DELAY, Math.max(0, error.resetAt.getTime() - Date.now())) : 1000,
  }) as CreateLeadMutationOptions<V>;
}
