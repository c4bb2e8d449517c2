import {
  type ApiVersion,
  type DefaultApiVersion,
  type IntercomClient,
  IntercomConfigError,
  type IntercomError,
  isRateLimitError,
  type LeadFor,
  type LeadInputFor,
  validateLeadInput,
} from "@intercom-leads/core";
import { type MutationFunctionContext, type MutationKey, mutationOptions, type UseMutationOptions } from "@tanstack/react-query";
import { createOnce, stableKey } from "./in-flight.ts";
import { leadKeys } from "./lead-keys.ts";

/** The mutation key every lead creation uses; match it with `useMutationState` or `queryClient.isMutating`. */
export type CreateLeadMutationKey = readonly ["intercom-leads", "create-lead"];

/** The mutation key every lead creation uses, unless you pass your own `mutationKey`. */
export const createLeadMutationKey: CreateLeadMutationKey = ["intercom-leads", "create-lead"];

/** How long, by default, a created lead is handed to an equal input without a request: 5 seconds. */
const DEFAULT_DEDUPE_WINDOW_MS = 5000;

// The extra attempt after a RateLimitError waits for the announced reset only when it is this close.
const MAX_RATE_LIMIT_WAIT = 10_000;
// With no usable reset time (none given, or already past: clocks disagree), back off this long instead.
const RATE_LIMIT_BACKOFF = 1000;

/**
 * Options of `createLeadMutationOptions` and `useCreateLead`: every `useMutation` option except
 * `mutationFn`, plus `dedupeWindowMs`.
 *
 * - Options you leave `undefined` keep the defaults: `{ retry: undefined }` is the same as no `retry`.
 * - `retry` defaults to `false` (a create is not idempotent), whatever your `QueryClient`'s
 *   `defaultOptions.mutations` say. The one retry after a `RateLimitError` happens inside the
 *   mutation function, not through `retry`. Pass your own `retry`/`retryDelay` and TanStack applies
 *   them on top, for every error: your choice.
 * - `mutationKey` replaces `createLeadMutationKey`; then `useMutationState` must filter on yours.
 */
export type UseCreateLeadOptions<
  V extends ApiVersion = DefaultApiVersion,
  TOnMutateResult = unknown,
  TKey extends MutationKey = MutationKey,
> = Omit<UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>, "mutationFn" | "mutationKey"> & {
  /** Replaces `createLeadMutationKey`. */
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
> = Omit<UseMutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>, "mutationKey" | "mutationFn"> & {
  /** `createLeadMutationKey`, or the caller's. */
  mutationKey: TKey;
  /** Creates the lead, sharing the call with equal inputs (see `dedupeWindowMs`). */
  mutationFn: (input: LeadInputFor<V>, context: MutationFunctionContext) => Promise<LeadFor<V>>;
};

/** Drops the keys whose value is `undefined`, so they cannot erase a default when spread. */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/** Freezes a JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How long to wait before the one extra attempt after `error`, or `undefined` for none. */
function rateLimitWait(error: unknown): number | undefined {
  if (!isRateLimitError(error)) return undefined;
  const untilReset = error.resetAt ? error.resetAt.getTime() - Date.now() : Number.NaN;
  if (!(untilReset > 0)) return RATE_LIMIT_BACKOFF;
  return untilReset <= MAX_RATE_LIMIT_WAIT ? untilReset : undefined;
}

/**
 * One create, plus one more attempt after a `RateLimitError` (which stored nothing): at its
 * reset when that is at most 10 s away, after 1 s when the reset is unknown or past; never when
 * it is further away, and never after any other error. The lead comes back deep-frozen.
 */
async function createWithRateLimitRetry<V extends ApiVersion>(client: IntercomClient<V>, input: LeadInputFor<V>): Promise<LeadFor<V>> {
  try {
    return deepFreeze(await client.createLead(input));
  } catch (error) {
    const wait = rateLimitWait(error);
    if (wait === undefined) throw error;
    const until = Date.now() + wait;
    // Timers may fire a millisecond early: never send before the announced reset.
    while (Date.now() < until) await sleep(until - Date.now());
    return deepFreeze(await client.createLead(input));
  }
}

function checkWindow(windowMs: unknown): number {
  if (typeof windowMs !== "number" || !(windowMs >= 0) || windowMs === Number.POSITIVE_INFINITY) {
    throw new IntercomConfigError(`dedupeWindowMs must be a finite number of milliseconds >= 0, got ${String(windowMs)}`);
  }
  return windowMs;
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
 * A `RateLimitError` gets one more attempt inside the mutation function, shared by equal inputs;
 * TanStack's `retry` defaults to `false`.
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
>(client: IntercomClient<V>, options: UseCreateLeadOptions<V, TOnMutateResult, TKey> = {}): CreateLeadMutationOptions<V, TOnMutateResult, TKey> {
  const { dedupeWindowMs, onSuccess, ...rest } = definedOnly(options);
  const windowMs = checkWindow(dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
  return mutationOptions<LeadFor<V>, IntercomError, LeadInputFor<V>, TOnMutateResult>({
    mutationKey: createLeadMutationKey,
    retry: false,
    ...rest,
    mutationFn: (input, context) => {
      const create = () => createWithRateLimitRetry(client, input);
      // Only valid inputs are shared: an invalid one goes to the client, which refuses it.
      if (validateLeadInput(input, { apiVersion: client.apiVersion }).length > 0) return create();
      let key: string;
      try {
        key = stableKey(input);
      } catch {
        return create();
      }
      // TanStack Query 5.89+ passes the QueryClient here; sharing is per QueryClient.
      const queryClient: unknown = context?.client;
      if (typeof queryClient !== "object" || queryClient === null) {
        return Promise.reject(
          new IntercomConfigError("createLeadMutationOptions needs @tanstack/react-query 5.89 or later: its mutationFn is called with { client }"),
        );
      }
      return createOnce({ queryClient, client, key, windowMs }, create);
    },
    onSuccess: (lead, input, onMutateResult, context) => {
      // A new, frozen entry (updatedAt defaults to now, so it is fresh), before the caller hears of it.
      context.client.setQueryData(leadKeys.detail<V>(lead.id), lead);
      return onSuccess?.(lead, input, onMutateResult, context);
    },
  }) as CreateLeadMutationOptions<V, TOnMutateResult, TKey>;
}
