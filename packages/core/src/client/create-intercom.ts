import { checkReconcileOptions, type ReconcileOptions } from "../bulk/find-created-lead.ts";
import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { runLeadImport } from "../bulk/create-leads.ts";
import type { CreateLeadsOptions, LeadImport } from "../bulk/types.ts";
import { LeadValidationError } from "../errors/lead-validation-error.ts";
import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import { toLeadRequestBody } from "../lead/validate-lead.ts";
import { type ApiVersion, DEFAULT_API_VERSION, type DefaultApiVersion, isLegacyApiVersion } from "../version.ts";
import { resolveBaseUrl } from "./base-url.ts";
import { checkClientOptions } from "./check-options.ts";
import { asLead, createWithReconcile } from "./create-with-reconcile.ts";
import type { CreateLeadRequestOptions, IntercomOptions, RequestOptions, RetryOptions } from "./options.ts";
import { createRequester } from "./request.ts";

/** A reusable Intercom client; create it once per token and share it. */
export interface IntercomClient<V extends ApiVersion = DefaultApiVersion> {
  /** The `Intercom-Version` every request sends. */
  readonly apiVersion: V;
  /** The API base URL requests go to. */
  readonly baseUrl: string;
  /** Whether the client holds an access token (a server-side client) rather than talking to a proxy. */
  readonly hasToken: boolean;
  /**
   * Creates a lead (`POST /contacts`). Input is validated first, and refused with
   * a `LeadValidationError` before anything is sent. Resolves with the created
   * lead in the shape of the client's API version.
   */
  createLead(input: LeadInputFor<V>, options?: CreateLeadRequestOptions): Promise<LeadFor<V>>;
  /**
   * Creates many leads: reads `source` lazily, `concurrency` at a time, paced to
   * Intercom's rate limit, and yields one result per input as each finishes.
   * Ambiguous failures are reconciled by email before any resend, so no lead is
   * stored twice and none is lost.
   *
   * @example
   * for await (const result of intercom.createLeads(rows, { concurrency: 8 })) {
   *   if (result.status === "failed") console.error(result.index, result.error.message);
   * }
   */
  createLeads<TInput extends LeadInputFor<V>>(
    source: Iterable<TInput> | AsyncIterable<TInput>,
    options?: CreateLeadsOptions<TInput>,
  ): LeadImport<TInput, LeadFor<V>>;
  /**
   * Reads a contact by its Intercom id (`GET /contacts/{id}`). Needs a token:
   * reading contacts is for servers, never for a browser behind a proxy.
   */
  getLead(id: string, options?: RequestOptions): Promise<LeadFor<V>>;
}

function reconcileOption(value: boolean | ReconcileOptions | undefined, byDefault: boolean): false | ReconcileOptions {
  const chosen = value ?? byDefault;
  if (chosen === false) return false;
  if (chosen === true) return {};
  if (typeof chosen !== "object" || chosen === null) throw new IntercomConfigError("reconcile must be true, false or { waitMs, intervalMs }");
  checkReconcileOptions(chosen);
  return chosen;
}

// A 429 stored nothing, and an import has time: wait out more of them than a single call would.
const BULK_RETRY: RetryOptions = { limit: 10, maxDelay: 60_000 };

/**
 * Creates a reusable client.
 *
 * @example
 * const intercom = createIntercom({ token: env.INTERCOM_TOKEN });
 * const lead = await intercom.createLead({ email: "winstonsmith@truth.org", name: "Winston Smith" });
 */
export function createIntercom<const V extends ApiVersion = DefaultApiVersion>(
  options?: IntercomOptions & { apiVersion?: V },
): IntercomClient<V> {
  const settings: IntercomOptions = options ?? {};
  checkClientOptions(settings);
  const apiVersion = (settings.apiVersion ?? DEFAULT_API_VERSION) as V;
  const baseUrl = resolveBaseUrl(settings.region, settings.baseUrl, Boolean(settings.token));
  const request = createRequester(baseUrl, settings, apiVersion);
  const legacy = isLegacyApiVersion(apiVersion);

  return {
    apiVersion,
    baseUrl,
    hasToken: Boolean(settings.token),
    async createLead(input, { reconcile, ...requestOptions } = {}) {
      const body = toLeadRequestBody(input, legacy);
      const outcome = await createWithReconcile(request, { body, legacy, reconcile: reconcileOption(reconcile, false) }, requestOptions);
      return outcome.lead as LeadFor<V>;
    },
    createLeads(source, { reconcile, concurrency, signal, onProgress, skipDuplicateEmails, mayExist, onSend, ...requestOptions } = {}) {
      const plan = { legacy, reconcile: reconcileOption(reconcile, true) };
      requestOptions.retry ??= BULK_RETRY;
      return runLeadImport(source, { concurrency, signal, onProgress, skipDuplicateEmails, mayExist, onSend }, async (input, _index, each) => {
        const body = toLeadRequestBody(input, legacy);
        const outcome = await createWithReconcile(request, { ...plan, body, ...each }, requestOptions);
        return { lead: outcome.lead as LeadFor<V>, reconciled: outcome.reconciled };
      });
    },
    async getLead(id, requestOptions) {
      if (typeof id !== "string" || id === "") {
        throw new LeadValidationError([{ path: ["id"], message: "must be a contact id" }]);
      }
      return asLead<LeadFor<V>>(await request("GET", `contacts/${encodeURIComponent(id)}`, undefined, requestOptions), false);
    },
  };
}
