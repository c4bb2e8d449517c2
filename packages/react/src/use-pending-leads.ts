"use client";
import type { ApiVersion, DefaultApiVersion, LeadInputFor } from "@intercom-leads/core";
import { useMutationState } from "@tanstack/react-query";
import { createLeadMutationKey } from "./lead-keys.ts";
import { inputOf, type LeadVariables } from "./lead-submission.ts";

/**
 * The inputs of lead submissions waiting for the network (paused, as TanStack pauses a mutation
 * while the browser is offline), oldest first: from this page's forms and those restored from
 * storage after a reload. Empty once each is sent. For "saved — will be sent when you're back online".
 * Covers submissions under `leadKeys.create`.
 *
 * @example
 * const pending = usePendingLeads();
 * if (pending.length) return <p role="status">Saved — will be sent when you're back online.</p>;
 */
export function usePendingLeads<V extends ApiVersion = DefaultApiVersion>(): LeadInputFor<V>[] {
  return useMutationState({
    filters: {
      mutationKey: createLeadMutationKey,
      status: "pending",
      predicate: (mutation) => mutation.state.isPaused,
    },
    select: (mutation) => inputOf(mutation.state.variables as LeadVariables<V>),
  });
}
