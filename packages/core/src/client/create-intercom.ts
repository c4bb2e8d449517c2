import type { CreateLeadsOptions, LeadImport } from "../bulk/types.ts";
import { LeadValidationError } from "../errors/lead-validation-error.ts";
import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import { toLeadRequestBody } from "../lead/validate-lead.ts";
import type { ApiVersion, DefaultApiVersion } from "../version.ts";
import { asLead } from "./as-lead.ts";
import { type ClientConfig, resolveConfig } from "./config.ts";
import { deferredImport } from "./deferred-import.ts";
import { loadOnDemand } from "./load-on-demand.ts";
import type { CreateLeadRequestOptions, IntercomOptions, RequestOptions } from "./options.ts";
import { createRequester, type Requester } from "./send.ts";

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
   * stored twice and none is lost. Its code is loaded on first use, and an
   * unusable option rejects that first use.
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

/** The part of a client the proxy handler uses. */
export type LeadCreator = Pick<IntercomClient<ApiVersion>, "createLead" | "hasToken">;

/**
 * A client's settled config, request function and `createLead`: all that the
 * proxy handler needs, so that its bundle carries nothing else.
 */
export function createLeadCreator(options: IntercomOptions): LeadCreator & { config: ClientConfig; request: Requester } {
  const config = resolveConfig(options);
  const { legacy, token } = config;
  // One per client with a token: its single creates, bulk imports and lookups all share the app's
  // rate-limit window. A client without one talks to a proxy, which paces its own client; the
  // governor is loaded on demand so that browser bundles do not carry it. Should it fail to load,
  // calls go unpaced (each still waits out its own 429s) rather than not at all.
  const governor = token ? import("./rate-governor.ts").then(({ RateGovernor }) => new RateGovernor(), () => undefined) : undefined;
  const request = createRequester(config, governor);
  return {
    config,
    request,
    hasToken: Boolean(token),
    async createLead(input, { reconcile, ...call } = {}) {
      const body = toLeadRequestBody(input, legacy);
      if (reconcile == null || reconcile === false) return asLead(await request("POST", "contacts", JSON.stringify(body), call), true);
      // Reconciling is rare on a single call: its code is loaded when asked for.
      const { createWithReconcile, reconcileOption } = await loadOnDemand(import("../reconcile/create-with-reconcile.ts"));
      return (await createWithReconcile(request, { body, legacy, reconcile: reconcileOption(reconcile, false) }, call)).lead as never;
    },
  };
}

/**
 * Creates a reusable client. With a token, its calls, single and bulk, share one rate governor.
 *
 * @example
 * const intercom = createIntercom({ token: env.INTERCOM_TOKEN });
 * const lead = await intercom.createLead({ email: "winstonsmith@truth.org", name: "Winston Smith" });
 */
export function createIntercom<const V extends ApiVersion = DefaultApiVersion>(
  options?: IntercomOptions & { apiVersion?: V },
): IntercomClient<V> {
  const { config, request, hasToken, createLead } = createLeadCreator(options ?? {});
  return {
    apiVersion: config.apiVersion as V,
    baseUrl: config.baseUrl,
    hasToken,
    createLead: createLead as IntercomClient<V>["createLead"],
    createLeads: (source, leadsOptions = {}) =>
      deferredImport(async () => (await loadOnDemand(import("../bulk/start-import.ts"))).startLeadImport(request, config.legacy, source, leadsOptions)),
    async getLead(id, call) {
      if (typeof id !== "string" || id === "") throw new LeadValidationError([{ path: ["id"], message: "must be a contact id" }]);
      return asLead(await request("GET", `contacts/${encodeURIComponent(id)}`, undefined, call), false);
    },
  };
}
