"use client";
import type {
  ApiVersion,
  DefaultApiVersion,
  IntercomClient,
  IntercomError,
  LeadFor,
  LeadInputFor,
} from "@intercom-leads/core";
import { type UseMutationResult, useMutation } from "@tanstack/react-query";
import { createLeadMutationOptions, type UseCreateLeadOptions } from "./create-lead-mutation-options.ts";
import { useIntercomClient } from "./provider.ts";

/** What `useCreateLead` returns: `useMutation`'s full result. */
export type UseCreateLeadResult<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
> = UseMutationResult<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>;

/**
 * Creates leads with the provider's client: `useMutation(createLeadMutationOptions(client, options))`.
 * The created lead is cached under `leadKeys.detail(lead.id)`, deep-frozen, before your
 * `onSuccess` runs. Pass the API version as the type argument for 1.x clients: `useCreateLead<"1.4">()`.
 *
 * A double submit (an equal input while the first is pending, or within `dedupeWindowMs` after it
 * succeeded) sends one request. Each `mutate` is still its own mutation, so the `onSuccess` and
 * `onSettled` given here run once per `mutate`, each time with the same lead: keep them idempotent
 * (navigate, show a message), or disable the button while `isPending`. (Callbacks passed to
 * `mutate(input, { onSuccess })` run for the latest call only, as TanStack does.)
 *
 * @example
 * const { mutate, data: lead, error, isPending } = useCreateLead({ onSuccess: (lead) => navigate(`/thanks/${lead.id}`) });
 */
export function useCreateLead<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown>(
  options: UseCreateLeadOptions<V, TOnMutateResult> = {},
): UseCreateLeadResult<V, TOnMutateResult> {
  const client = useIntercomClient<IntercomClient<V>>();
  // Built on every render, like the options object useMutation is given: TanStack takes the
  // latest each render, so callbacks never go stale. Sharing creates does not depend on it.
  return useMutation(createLeadMutationOptions(client, options));
}
