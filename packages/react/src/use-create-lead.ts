"use client";
import type { ApiVersion, DefaultApiVersion, IntercomClient, IntercomError, LeadFor, LeadInputFor } from "@intercom-leads/core";
import { useMutation, type UseMutationOptions, type UseMutationResult } from "@tanstack/react-query";
import { useMemo } from "react";
import { createLeadMutationOptions } from "./create-lead-mutation-options.ts";
import { useIntercomClient } from "./provider.tsx";

/** Options of `useCreateLead`: everything `useMutation` takes except the mutation function. */
export type UseCreateLeadOptions<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown> = Omit<
  UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>,
  "mutationFn"
>;

/** What `useCreateLead` returns: `useMutation`'s full result. */
export type UseCreateLeadResult<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown> = UseMutationResult<
  LeadFor<V>,
  IntercomError,
  LeadInputFor<V>,
  TOnMutateResult
>;

/**
 * Creates leads with the provider's client. The created lead is cached under
 * `leadKeys.detail(lead.id)` before your `onSuccess` runs; a double-clicked
 * submit sends one request. Pass the API version as the type argument for 1.x
 * clients: `useCreateLead<"1.4">()`.
 *
 * @example
 * const { mutate, data: lead, error, isPending } = useCreateLead({ onSuccess: (lead) => navigate(`/thanks/${lead.id}`) });
 */
export function useCreateLead<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown>(
  options: UseCreateLeadOptions<V, TOnMutateResult> = {},
): UseCreateLeadResult<V, TOnMutateResult> {
  const client = useIntercomClient<IntercomClient<V>>();
  const base = useMemo(() => createLeadMutationOptions(client), [client]);
  return useMutation({
    ...base,
    ...options,
    mutationFn: base.mutationFn,
    onSuccess: (lead, input, onMutateResult, context) => {
      base.onSuccess(lead, input, onMutateResult, context);
      return options.onSuccess?.(lead, input, onMutateResult as TOnMutateResult, context);
    },
  } as UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>);
}
