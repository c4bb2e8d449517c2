import type { LeadImport, LeadImportOptions } from "../bulk/types.ts";
import { LeadValidationError } from "../errors/lead-validation-error.ts";
import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import { toLeadRequestBody } from "../lead/validate-lead.ts";
import type { CreateLeadOptions, IntercomOptions, RequestOptions } from "../types/options.ts";
import type { Pacer } from "../types/requester.ts";
import type { ApiVersion, DefaultApiVersion } from "../version.ts";
import { asLead } from "./as-lead.ts";
import { resolveClientSettings } from "./client-settings.ts";
import { deferredImport } from "./deferred-import.ts";
import { loadOnDemand } from "./load-on-demand.ts";
import { onFirstUse } from "./on-first-use.ts";
import { withProxyHeaders } from "./proxy-call-headers.ts";
import { createRequester } from "./send.ts";

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
  createLead(input: LeadInputFor<V>, options?: CreateLeadOptions): Promise<LeadFor<V>>;
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
    options?: LeadImportOptions<TInput>,
  ): LeadImport<TInput, LeadFor<V>>;
  /**
   * Reads a contact by its Intercom id (`GET /contacts/{id}`). Needs a token:
   * reading contacts is for servers, never for a browser behind a proxy.
   */
  getLead(id: string, options?: RequestOptions): Promise<LeadFor<V>>;
}

/**
 * A client of any API version, for code that only hands one along: the React provider, the
 * handler's `client` option. (`IntercomClient<ApiVersion>` is not that: a client's type is
 * invariant in its version, through the input type of `createLeads`.)
 */
// biome-ignore lint/suspicious/noExplicitAny: no single version's client type stands for every version's.
export type AnyIntercomClient = IntercomClient<any>;

/**
 * Creates a reusable client. With a token, its calls, single and bulk, share one rate governor
 * (its own, or the `governor` option's); without one it talks to your proxy, which paces its own.
 *
 * @example
 * const intercom = createIntercom({ token: env.INTERCOM_TOKEN });
 * const lead = await intercom.createLead({ email: "winstonsmith@truth.org", name: "Winston Smith" });
 */
export function createIntercom<const V extends ApiVersion = DefaultApiVersion>(
  options?: IntercomOptions & { apiVersion?: V },
): IntercomClient<V> {
  const settings = resolveClientSettings(options ?? {});
  const { apiVersion, legacy, token } = settings;
  // One governor per client with a token, loaded with its first call (a browser's client, which
  // has no token, never carries it). A failure to load fails that call: unpaced calls would spend
  // the workspace's rate limit behind the caller's back.
  const loadGovernor = onFirstUse(() =>
    loadOnDemand(import("../governor/index.ts"), "the rate governor").then(
      ({ RateGovernor }): Pacer => new RateGovernor(),
    ),
  );
  // A governor given in the options paces every call instead, token or not; nothing is loaded for it.
  const given = options?.governor;
  const request = createRequester(settings, given ? async () => given : token ? loadGovernor : undefined);
  return {
    apiVersion: settings.apiVersion as V,
    baseUrl: settings.baseUrl,
    hasToken: Boolean(token),
    async createLead(input, { reconcile, idempotencyKey, verificationToken, attribution, ...rest } = {}) {
      const body = toLeadRequestBody(input, apiVersion);
      const headers = withProxyHeaders(
        { idempotencyKey, verificationToken, attribution, headers: rest.headers },
        !!token,
      );
      const call = headers === rest.headers ? rest : { ...rest, headers };
      if (reconcile == null || reconcile === false)
        return asLead(await request("POST", "contacts", JSON.stringify(body), call), true);
      // Reconciling is rare on a single call: its code is loaded when asked for.
      const { createWithReconcile, reconcileOption } = await loadOnDemand(
        import("../reconcile/create-with-reconcile.ts"),
        "reconcile",
      );
      return (await createWithReconcile(request, { body, legacy, reconcile: reconcileOption(reconcile, false) }, call))
        .lead as LeadFor<V>;
    },
    createLeads: (source, leadsOptions = {}) =>
      deferredImport(async () =>
        (await loadOnDemand(import("../bulk/start-import.ts"), "bulk import")).startLeadImport(
          request,
          { apiVersion, hasToken: Boolean(token) },
          source,
          leadsOptions,
        ),
      ),
    async getLead(id, call) {
      if (typeof id !== "string" || id === "")
        throw new LeadValidationError([{ path: ["id"], message: "must be a contact id" }]);
      return asLead(await request("GET", `contacts/${encodeURIComponent(id)}`, undefined, call), false);
    },
  };
}
