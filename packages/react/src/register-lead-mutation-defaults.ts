import type { ApiVersion, DefaultApiVersion, IntercomClient } from "@intercom-leads/core";
import {
  defaultShouldDehydrateMutation,
  type Mutation,
  type MutationKey,
  matchMutation,
  type QueryClient,
} from "@tanstack/react-query";
import { createLeadMutationOptions, type UseCreateLeadOptions } from "./create-lead-mutation-options.ts";
import type { LeadVariables } from "./lead-submission.ts";

/**
 * Makes lead submissions survive a reload or a closed tab, sent once, with no form mounted. On
 * `queryClient`, once, before TanStack's persister restores it (at module level, beside `new QueryClient()`):
 *
 * - `setMutationDefaults(leadKeys.create, …)` with `createLeadMutationOptions(client, options)`,
 *   so a lead mutation restored from storage has its mutation function, and its lead is cached.
 * - `dehydrate` (what the persister saves) keeps every pending lead submission: paused ones, as
 *   TanStack does by default, and also those in flight, so a tab closed mid-request resends its
 *   submission, with the same idempotency key, and the proxy answers with the lead it made.
 *   Your own `dehydrate.shouldDehydrateMutation` still decides for every other mutation.
 * - A submission restored pending is continued at once: sent if the browser is online, paused
 *   until it is otherwise (`queryClient.resumePausedMutations()` in the persister's `onSuccess`
 *   does the same for your other mutations).
 *
 * Only submissions under `leadKeys.create` (or `options.mutationKey`) are covered, and only
 * `LeadSubmission` variables (from `useCreateLead` or `leadSubmission`) keep their key across a reload.
 *
 * @example
 * const queryClient = new QueryClient();
 * registerLeadMutationDefaults(queryClient, intercom);
 * const persister = createSyncStoragePersister({ storage: window.localStorage });
 * // <PersistQueryClientProvider client={queryClient} persistOptions={{ persister }} onSuccess={() => queryClient.resumePausedMutations()}>
 */
export function registerLeadMutationDefaults<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown>(
  queryClient: QueryClient,
  client: IntercomClient<V>,
  options: UseCreateLeadOptions<V, TOnMutateResult, MutationKey, LeadVariables<V>> = {},
): void {
  const { mutationKey, ...defaults } = createLeadMutationOptions(client, options);
  queryClient.setMutationDefaults(mutationKey, defaults);
  const pendingLead = (mutation: Mutation) => matchMutation({ mutationKey, status: "pending" }, mutation);
  const { dehydrate, ...defaultOptions } = queryClient.getDefaultOptions();
  const keep = dehydrate?.shouldDehydrateMutation ?? defaultShouldDehydrateMutation;
  queryClient.setDefaultOptions({
    ...defaultOptions,
    dehydrate: { ...dehydrate, shouldDehydrateMutation: (mutation) => pendingLead(mutation) || keep(mutation) },
  });
  // A mutation enters the cache pending only when restored (hydrate): one made here starts idle.
  queryClient.getMutationCache().subscribe(({ type, mutation }) => {
    if (type === "added" && pendingLead(mutation)) mutation.continue().catch(() => {});
  });
}
