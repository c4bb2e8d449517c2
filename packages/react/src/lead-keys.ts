import type { ApiVersion, DefaultApiVersion, IntercomError, LeadFor } from "@intercom-leads/core";
import type { DataTag } from "@tanstack/react-query";

/** The query key of every lead this package caches. */
export type LeadsKey = readonly ["intercom-leads", "lead"];

/** The mutation key of every lead creation: `useMutationState({ filters: { mutationKey: leadKeys.create } })`. */
export type CreateLeadMutationKey = readonly ["intercom-leads", "create-lead"];

/**
 * The query key of one lead, tagged with its data type (`LeadFor<V>`: a `Contact` for API 2.x, a
 * `LegacyLead` for 1.x) and `IntercomError`, so cache reads and writes are type-checked.
 */
export type LeadDetailKey<V extends ApiVersion = DefaultApiVersion> = DataTag<
  readonly ["intercom-leads", "lead", string],
  LeadFor<V>,
  IntercomError
>;

/** The query-key factory for leads, in TanStack's style. */
export interface LeadKeys {
  /** Matches every cached lead: `queryClient.invalidateQueries({ queryKey: leadKeys.all })`. */
  readonly all: LeadsKey;
  /**
   * The mutation key every create uses (unless you pass your own `mutationKey`): match it with
   * `useMutationState({ filters: { mutationKey: leadKeys.create } })` or `queryClient.isMutating`.
   */
  readonly create: CreateLeadMutationKey;
  /**
   * The key of one lead. Like `useCreateLead<V>` and `useLead<V>`, it takes the client's API
   * version as its type argument: `leadKeys.detail<"1.4">(id)` for a 1.x client.
   */
  detail<V extends ApiVersion = DefaultApiVersion>(id: string): LeadDetailKey<V>;
}

/** `leadKeys.detail`, on its own so that an app using only `useCreateLead` does not bundle `leadKeys`. */
export const leadDetailKey: LeadKeys["detail"] = <V extends ApiVersion = DefaultApiVersion>(id: string) =>
  ["intercom-leads", "lead", id] as unknown as LeadDetailKey<V>;

/** `leadKeys.create`, on its own so that `useCreateLead` does not bundle the rest of `leadKeys`. */
export const createLeadMutationKey: CreateLeadMutationKey = ["intercom-leads", "create-lead"];

/**
 * Query and mutation keys for leads.
 *
 * @example
 * const lead = queryClient.getQueryData(leadKeys.detail(id)); // Contact | undefined
 * const legacy = queryClient.getQueryData(leadKeys.detail<"1.4">(id)); // LegacyLead | undefined
 */
export const leadKeys: LeadKeys = {
  all: ["intercom-leads", "lead"],
  create: createLeadMutationKey,
  detail: leadDetailKey,
};
