import {
  type ApiVersion,
  type DefaultApiVersion,
  type IntercomClient,
  IntercomConfigError,
  type IntercomError,
  type LeadFor,
  validateLeadInput,
} from "@intercom-leads/core";
import {
  hashKey,
  type MutationFunctionContext,
  type MutationKey,
  type UseMutationOptions,
} from "@tanstack/react-query";
import { definedOnly } from "./defined-only.ts";
import { createOnce, scopeOf } from "./in-flight.ts";
import { type CreateLeadMutationKey, createLeadMutationKey, leadDetailKey } from "./lead-keys.ts";
import { type LeadVariables, submissionOf } from "./lead-submission.ts";

/**
 * Options of `createLeadMutationOptions`, `useCreateLead` and `registerLeadMutationDefaults`: every
 * `useMutation` option except `mutationFn`, plus `dedupeWindowMs`. `TVariables` is what the
 * callbacks receive: a `LeadSubmission` from `useCreateLead`, either kind from `createLeadMutationOptions`.
 *
 * - Options you leave `undefined` keep the defaults: `{ retry: undefined }` is the same as no `retry`.
 * - `retry` defaults to `retryKeyInUse`, whatever your `QueryClient`'s `defaultOptions.mutations`
 *   say: only the proxy's 409 `idempotency_key_in_use` (this submission's first request is still
 *   running there) is sent again, with the same key, up to 3 times. Any other failure is shown at
 *   once. A 429 has already been waited out once by the proxy, the one layer that sees Intercom's
 *   rate headers; the `RateLimitError` that reaches you carries `resetAt` (from the proxy's
 *   `Retry-After`) to tell the visitor when to try again.
 * - `mutationKey` replaces `leadKeys.create`; then `useMutationState` must filter on yours.
 */
export type UseCreateLeadOptions<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
  TKey extends MutationKey = MutationKey,
  TVariables extends LeadVariables<V> = LeadVariables<V>,
> = Omit<UseMutationOptions<LeadFor<V>, IntercomError, TVariables, TOnMutateResult>, "mutationFn" | "mutationKey"> & {
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
  TVariables extends LeadVariables<V> = LeadVariables<V>,
> = Omit<UseMutationOptions<LeadFor<V>, IntercomError, TVariables, TOnMutateResult>, "mutationKey" | "mutationFn"> & {
  /** `leadKeys.create`, or the caller's. */
  mutationKey: TKey;
  /**
   * Creates the lead, sending the submission's idempotency key (a plain input gets one at its first
   * run), and shares the call with equal inputs (see `dedupeWindowMs`).
   */
  mutationFn: (variables: TVariables, context: MutationFunctionContext) => Promise<LeadFor<V>>;
};

/**
 * The lead mutation's default `retry`: the proxy's 409 `idempotency_key_in_use` says this
 * submission's first request is still running there, so sending it again with the same key is
 * safe and gets that request's answer. Up to 3 times, TanStack's delays between (1 s, 2 s, 4 s).
 */
function retryKeyInUse(failureCount: number, error: IntercomError): boolean {
  return failureCount < 3 && (error as { code?: unknown }).code === "idempotency_key_in_use";
}

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
 * Idempotency keys: the variables are a `LeadSubmission` (`leadSubmission(input)`, what
 * `useCreateLead`'s `mutate` builds), whose `idempotencyKey` travels with the mutation, persisted
 * too, so every resend reuses it; or a plain input, which gets a key at its first run, kept in
 * memory for its retries until its lead is made (mutating the same object again is a new
 * submission): a plain input resumed after a reload is sent with a new key.
 *
 * Retries: only the proxy's 409 `idempotency_key_in_use` is sent again (with the same key); a
 * `RateLimitError` comes from the proxy, which has waited out Intercom's 429 once already.
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
  TVariables extends LeadVariables<V> = LeadVariables<V>,
>(
  client: IntercomClient<V>,
  options: UseCreateLeadOptions<V, TOnMutateResult, TKey, TVariables> = {},
): CreateLeadMutationOptions<V, TOnMutateResult, TKey, TVariables> {
  const { dedupeWindowMs = 5000, onSuccess, ...rest } = definedOnly(options);
  if (!(Number.isFinite(dedupeWindowMs) && dedupeWindowMs >= 0)) {
    throw new IntercomConfigError(
      `dedupeWindowMs must be a finite number of milliseconds >= 0, got ${String(dedupeWindowMs)}`,
    );
  }
  // TanStack's mutationOptions() only adds types, which the return type gives already.
  return {
    mutationKey: createLeadMutationKey,
    retry: retryKeyInUse,
    ...rest,
    mutationFn: async (variables, context) => {
      // TanStack Query 5.89+ passes the QueryClient here; sharing is per QueryClient.
      const queryClient = context?.client;
      if (!queryClient) {
        throw new IntercomConfigError(
          "createLeadMutationOptions needs @tanstack/react-query 5.89 or later: its mutationFn is called with { client }",
        );
      }
      const scope = scopeOf(queryClient, client);
      const { input, idempotencyKey, ...proxyOptions } = submissionOf(variables, scope.plainKeys);
      // Intercom has no idempotency keys, so a client with a token (a server) sends none; the
      // verification token and attribution are the caller's own, and such a client refuses them.
      const create = () =>
        client.createLead(input, client.hasToken ? proxyOptions : { ...proxyOptions, idempotencyKey }).then(deepFreeze);
      // Only valid inputs are shared: an invalid one goes to the client, which refuses it. A valid
      // input is JSON data, which TanStack's query-key hash turns into the same text whatever the key order.
      const lead = await (validateLeadInput(input, { apiVersion: client.apiVersion }).length
        ? create()
        : createOnce(scope, hashKey([input]), dedupeWindowMs, create));
      // A plain input's key is spent: mutating the same object again is a new submission.
      scope.plainKeys.delete(Object(variables));
      return lead;
    },
    onSuccess: (lead, input, onMutateResult, context) => {
      // A new, frozen entry (updatedAt defaults to now, so it is fresh), before the caller hears of it.
      context.client.setQueryData(leadDetailKey<V>(lead.id), lead);
      return onSuccess?.(lead, input, onMutateResult, context);
    },
  } satisfies UseMutationOptions<LeadFor<V>, IntercomError, TVariables, TOnMutateResult> as CreateLeadMutationOptions<
    V,
    TOnMutateResult,
    TKey,
    TVariables
  >;
}
