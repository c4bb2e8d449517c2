"use client";
import type {
  ApiVersion,
  DefaultApiVersion,
  IntercomClient,
  IntercomError,
  LeadFor,
  LeadInputFor,
} from "@intercom-leads/core";
import { type MutateOptions, type MutationKey, type UseMutationResult, useMutation } from "@tanstack/react-query";
import { useCallback } from "react";
import { createLeadMutationOptions, type UseCreateLeadOptions } from "./create-lead-mutation-options.ts";
import { type LeadSubmission, type LeadSubmitOptions, leadSubmission } from "./lead-submission.ts";
import { useIntercomClient } from "./provider.ts";

/** The second argument of `useCreateLead`'s `mutate`: the submission's extras, and TanStack's per-call callbacks. */
export type LeadMutateOptions<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown> = LeadSubmitOptions &
  MutateOptions<LeadFor<V>, IntercomError, LeadSubmission<V>, TOnMutateResult>;

/** `useCreateLead`'s `mutate` and `mutateAsync`: they take the input, and make a `LeadSubmission` of it. */
export interface LeadMutateFunctions<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown> {
  /**
   * Submits `input` as a new `LeadSubmission`, with a new idempotency key (and the options'
   * verification token and attribution). Stable across renders, like TanStack's.
   */
  mutate: (input: LeadInputFor<V>, options?: LeadMutateOptions<V, TOnMutateResult>) => void;
  /** As `mutate`, returning the lead. */
  mutateAsync: (input: LeadInputFor<V>, options?: LeadMutateOptions<V, TOnMutateResult>) => Promise<LeadFor<V>>;
}

/** Each state of `useMutation`'s result (so `isSuccess` still narrows `data`), with the lead's own `mutate`. */
type WithLeadMutate<TResult, TFunctions> = TResult extends unknown
  ? Omit<TResult, "mutate" | "mutateAsync"> & TFunctions
  : never;

/**
 * What `useCreateLead` returns: `useMutation`'s full result, whose `variables` are the
 * `LeadSubmission`, with `mutate(input, options?)` and `mutateAsync(input, options?)`.
 */
export type UseCreateLeadResult<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown> = WithLeadMutate<
  UseMutationResult<LeadFor<V>, IntercomError, LeadSubmission<V>, TOnMutateResult>,
  LeadMutateFunctions<V, TOnMutateResult>
>;

/**
 * Creates leads with the provider's client: `useMutation(createLeadMutationOptions(client, options))`,
 * whose `mutate(input, { verificationToken?, attribution? })` makes each call a `LeadSubmission`
 * with its own idempotency key, kept with the mutation: a retry, or a resume after a reload (with
 * `registerLeadMutationDefaults` and TanStack's persister), sends the same key, and the proxy
 * answers it with the lead it already made. The created lead is cached under
 * `leadKeys.detail(lead.id)`, deep-frozen, before your `onSuccess` runs. Pass the API version as
 * the type argument for 1.x clients: `useCreateLead<"1.4">()`.
 *
 * Offline, the mutation pauses (TanStack's `networkMode: "online"`) and is sent once the browser
 * is back online; `isPaused` says so, and `usePendingLeads()` lists paused submissions anywhere.
 *
 * A double submit (an equal input while the first is pending, or within `dedupeWindowMs` after it
 * succeeded) sends one request. Each `mutate` is still its own mutation, so the `onSuccess` and
 * `onSettled` given here run once per `mutate`, each time with the same lead: keep them idempotent
 * (navigate, show a message), or disable the button while `isPending`. (Callbacks passed to
 * `mutate(input, { onSuccess })` run for the latest call only, as TanStack does.)
 *
 * @example
 * const { mutate, data: lead, error, isPending } = useCreateLead({ onSuccess: (lead) => navigate(`/thanks/${lead.id}`) });
 * mutate(input, { verificationToken: turnstileToken, attribution: pageAttribution() });
 */
export function useCreateLead<V extends ApiVersion = DefaultApiVersion, TOnMutateResult = unknown>(
  options: UseCreateLeadOptions<V, TOnMutateResult, MutationKey, LeadSubmission<V>> = {},
): UseCreateLeadResult<V, TOnMutateResult> {
  const client = useIntercomClient<IntercomClient<V>>();
  // Built on every render, like the options object useMutation is given: TanStack takes the
  // latest each render, so callbacks never go stale. Sharing creates does not depend on it.
  const result = useMutation(createLeadMutationOptions(client, options));
  const { mutate, mutateAsync } = result;
  return {
    ...result,
    // TanStack's own mutate and mutateAsync are stable, so these are too.
    mutate: useCallback<LeadMutateFunctions<V, TOnMutateResult>["mutate"]>(
      (input, mutateOptions) => mutate(leadSubmission(input, mutateOptions), mutateOptions),
      [mutate],
    ),
    mutateAsync: useCallback<LeadMutateFunctions<V, TOnMutateResult>["mutateAsync"]>(
      (input, mutateOptions) => mutateAsync(leadSubmission(input, mutateOptions), mutateOptions),
      [mutateAsync],
    ),
  } as UseCreateLeadResult<V, TOnMutateResult>;
}
