import {
  type ApiVersion,
  type DefaultApiVersion,
  type IntercomClient,
  IntercomConfigError,
  type IntercomError,
  type LeadFor,
  type LeadInputFor,
  validateLeadInput,
} from "@intercom-leads/core";
import {
  hashKey,
  type MutationFunctionContext,
  type MutationKey,
  type UseMutationOptions,
} from "@tanstack/react-query";
import { definedOnly } from "./defined-only.ts";
import { createOnce } from "./in-flight.ts";
import { type CreateLeadMutationKey, createLeadMutationKey, leadDetailKey } from "./lead-keys.ts";

/**
 * Options of `createLeadMutationOptions` and `useCreateLead`: every `useMutation` option except
 * `mutationFn`, plus `dedupeWindowMs`.
 *
 * - Options you leave `undefined` keep the defaults: `{ retry: undefined }` is the same as no `retry`.
 * - `retry` defaults to `false` (a create is not idempotent), whatever your `QueryClient`'s
 *   `defaultOptions.mutations` say. A 429 has already been waited out once by the proxy, the one
 *   layer that sees Intercom's rate headers; the `RateLimitError` that reaches you carries `resetAt`
 *   (from the proxy's `Retry-After`) to tell the visitor when to try again.
 * - `mutationKey` replaces `leadKeys.create`; then `useMutationState` must filter on yours.
 */
export type UseCreateLeadOptions<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
  TKey extends MutationKey = MutationKey,
> = Omit<
  UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>,
  "mutationFn" | "mutationKey"
> & {
  /** Replaces `leadKeys.create`. */
  mutationKey?: TKey;
  /**
   * The double-submit window, in milliseconds: after a create succeeds, an equal input (same
   * fields and values, in any order) submitted within this time gets the same lead, with no
   * request. `0` turns the window off; equal inputs submitted while one is pending share it either way.
   * @default 5000
   */
  dedupeWindowMs?: number;
};

/**
 * What `createLeadMutationOptions` returns: `useMutation` options with the key and the mutation
 * function filled in, and the caller's options merged.
 */
export type CreateLeadMutationOptions<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
  TKey extends MutationKey = CreateLeadMutationKey,
> = Omit<
  UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>,
  "mutationKey" | "mutationFn"
> & {
  /** `leadKeys.create`, or the caller's. */
  mutationKey: TKey;
  /** Creates the lead, sharing the call with equal inputs (see `dedupeWindowMs`). */
  mutationFn: (input: LeadInputFor<V>, context: MutationFunctionContext) => Promise<LeadFor<V>>;
};

/** Freezes a JSON value and everything in it; `Object.isFrozen` is also true of primitives and null. */
function deepFreeze<T>(value: T): T {
  if (!Object.isFrozen(value)) for (const field of Object.values(Object.freeze(value) as object)) deepFreeze(field);
  return value;
}

/**
 * The options `useCreateLead` runs with, for use outside React (a router loader or action,
 * `queryClient.getMutationCache()`), with TanStack's own `useMutation`, or to build your own hook.
 * Pass your `useMutation` options as the second argument: they are merged (your callbacks
 * kept, `undefined` values ignored), and the created lead is written to the cache under
 * `leadKeys.detail(lead.id)` before your `onSuccess` runs.
 *
 * Double submission: an equal input (same fields and values, in any key order) submitted while
 * a create is pending, or within `dedupeWindowMs` (5 s) after it succeeded, gets the same lead
 * without a request. Only inputs that pass `validateLeadInput` are shared; an invalid one goes to
 * the client, which refuses it. Sharing is per `QueryClient` and per Intercom client, so create the
 * client once (at module level or in `useState`), not inline on every render. Each `mutate` is
 * still its own mutation: every one runs your callbacks, with the same lead.
 *
 * Nothing is retried here: TanStack's `retry` defaults to `false`, and a `RateLimitError` comes
 * from the proxy, which has waited out Intercom's 429 once already.
 *
 * @example
 * const lead = await queryClient.getMutationCache().build(queryClient, createLeadMutationOptions(intercom)).execute(input);
 * @example
 * const create = useMutation(createLeadMutationOptions(intercom, { onSuccess: (lead) => navigate(`/thanks/${lead.id}`) }));
 */
export function createLeadMutationOptions<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
  const TKey extends MutationKey = CreateLeadMutationKey,
>(
  client: IntercomClient<V>,
  options: UseCreateLeadOptions<V, TOnMutateResult, TKey> = {},
): CreateLeadMutationOptions<V, TOnMutateResult, TKey> {
  const { dedupeWindowMs = 5000, onSuccess, ...rest } = definedOnly(options);
  if (!(Number.isFinite(dedupeWindowMs) && dedupeWindowMs >= 0)) {
    throw new IntercomConfigError(
      `dedupeWindowMs must be a finite number of milliseconds >= 0, got ${String(dedupeWindowMs)}`,
    );
  }
  // TanStack's mutationOptions() only adds types, which the return type gives already.
  return {
    mutationKey: createLeadMutationKey,
    retry: false,
    ...rest,
    mutationFn: async (input, context) => {
      const create = () => client.createLead(input).then(deepFreeze);
      // Only valid inputs are shared: an invalid one goes to the client, which refuses it. A valid
      // input is JSON data, which TanStack's query-key hash turns into the same text whatever the key order.
      if (validateLeadInput(input, { apiVersion: client.apiVersion }).length) return create();
      // TanStack Query 5.89+ passes the QueryClient here; sharing is per QueryClient.
      const queryClient = context?.client;
      if (!queryClient) {
        throw new IntercomConfigError(
          "createLeadMutationOptions needs @tanstack/react-query 5.89 or later: its mutationFn is called with { client }",
        );
      }
      return createOnce(queryClient, client, hashKey([input]), dedupeWindowMs, create);
    },
    onSuccess: (lead, input, onMutateResult, context) => {
      // A new, frozen entry (updatedAt defaults to now, so it is fresh), before the caller hears of it.
      context.client.setQueryData(leadDetailKey<V>(lead.id), lead);
      return onSuccess?.(lead, input, onMutateResult, context);
    },
  } satisfies UseMutationOptions<
    LeadFor<V>,
    IntercomError,
    LeadInputFor<V>,
    TOnMutateResult
  > as CreateLeadMutationOptions<V, TOnMutateResult, TKey>;
}
