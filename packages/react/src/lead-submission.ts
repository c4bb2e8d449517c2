import type { ApiVersion, DefaultApiVersion, LeadAttribution, LeadInputFor } from "@intercom-leads/core";
import { newIdempotencyKey } from "./idempotency-key.ts";

/** What a submission may carry beside the input: `mutate(input, options)` of `useCreateLead`, and `leadSubmission`. */
export interface LeadSubmitOptions {
  /**
   * The token a human-verification widget (Cloudflare Turnstile, hCaptcha, reCAPTCHA) gave the
   * page, sent as `X-Verification-Token` for the proxy's `verify` check. Tokens are single-use and
   * expire (Turnstile's after 300 s): take a new one for every submission.
   * @default undefined
   */
  verificationToken?: string;
  /**
   * Where the visitor came from, sent as `X-Lead-Attribution`: opt in with core's
   * `pageAttribution()` (the landing page's UTM parameters, referrer and path), or your own values.
   * The proxy keeps only what its `attribution` option maps to custom attributes. (A function call
   * of yours rather than a `true` here, so apps that send no attribution do not bundle its code.)
   * @default undefined
   */
  attribution?: LeadAttribution;
}

/**
 * One submission of the lead form, as the lead mutation's variables: the input, the idempotency
 * key made for it, and what the proxy reads beside it. Plain JSON, so TanStack's persister keeps
 * it with a paused or in-flight mutation, and every resend of it (a retry, a resume after a
 * reload) carries the same key.
 */
export interface LeadSubmission<V extends ApiVersion = DefaultApiVersion> {
  /** The lead's fields. */
  readonly input: LeadInputFor<V>;
  /** `crypto.randomUUID()` (128 random bits on a plain `http:` page, which lacks it), made once per submission; sent as `Idempotency-Key` (by a client without a token). */
  readonly idempotencyKey: string;
  /** From `LeadSubmitOptions.verificationToken`. */
  readonly verificationToken?: string;
  /** From `LeadSubmitOptions.attribution`, as it was at submission time. */
  readonly attribution?: LeadAttribution;
}

/** The variables the lead mutation takes: a `LeadSubmission`, or a plain input (keyed at its first run, in memory). */
export type LeadVariables<V extends ApiVersion = DefaultApiVersion> = LeadInputFor<V> | LeadSubmission<V>;

/**
 * A submission of `input` with a new idempotency key: what `useCreateLead`'s `mutate` builds, for
 * use with TanStack's own `useMutation(createLeadMutationOptions(client))` or a mutation cache.
 *
 * @example
 * useMutation(createLeadMutationOptions(intercom)).mutate(leadSubmission(input, { verificationToken }));
 */
export function leadSubmission<V extends ApiVersion = DefaultApiVersion>(
  input: LeadInputFor<V>,
  { verificationToken, attribution }: LeadSubmitOptions = {},
): LeadSubmission<V> {
  // Fields left undefined vanish when the persister writes JSON.
  return {
    input,
    idempotencyKey: newIdempotencyKey(),
    verificationToken,
    attribution,
  };
}

/** The submission in the mutation's variables, or `undefined` for a plain input (which has no `input` field). */
function asSubmission<V extends ApiVersion>(variables: LeadVariables<V>): LeadSubmission<V> | undefined {
  return (variables as Partial<LeadSubmission<V>> | null)?.input && (variables as LeadSubmission<V>);
}

/**
 * The submission behind the mutation's variables. A plain input gets a key at its first run, kept
 * in `plainKeys` (by its variables object) for the mutation's retries until its create succeeds:
 * it is not part of the persisted variables, so a resume after a reload sends a new key.
 */
export function submissionOf<V extends ApiVersion>(
  variables: LeadVariables<V>,
  plainKeys: WeakMap<object, string>,
): LeadSubmission<V> {
  const submission = asSubmission(variables);
  if (submission) return submission;
  // Object() boxes a non-object input (which validation refuses anyway), so the WeakMap accepts it.
  const box = Object(variables) as object;
  const idempotencyKey = plainKeys.get(box) ?? newIdempotencyKey();
  plainKeys.set(box, idempotencyKey);
  return { input: variables as LeadInputFor<V>, idempotencyKey };
}

/** The input of the mutation's variables, a submission's or the plain one. */
export function inputOf<V extends ApiVersion>(variables: LeadVariables<V>): LeadInputFor<V> {
  return asSubmission(variables)?.input ?? (variables as LeadInputFor<V>);
}
