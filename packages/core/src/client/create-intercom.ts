import { invalidResponseError } from "../errors/error-from-response.ts";
import { LeadValidationError } from "../errors/lead-validation-error.ts";
import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import { toLeadRequestBody } from "../lead/validate-lead.ts";
import { type ApiVersion, DEFAULT_API_VERSION, type DefaultApiVersion, isLegacyApiVersion } from "../version.ts";
import { resolveBaseUrl } from "./base-url.ts";
import { checkClientOptions } from "./check-options.ts";
import type { IntercomOptions, RequestOptions } from "./options.ts";
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
  createLead(input: LeadInputFor<V>, options?: RequestOptions): Promise<LeadFor<V>>;
  /**
   * Reads a contact by its Intercom id (`GET /contacts/{id}`). Needs a token:
   * reading contacts is for servers, never for a browser behind a proxy.
   */
  getLead(id: string, options?: RequestOptions): Promise<LeadFor<V>>;
}

/** The answer must be a contact; anything else (an error list with a 200, `null`) is not a lead to hand out. */
function asLead<T>(body: unknown, created: boolean): T {
  const { type, id } = (body ?? {}) as { type?: unknown; id?: unknown };
  if (type !== "contact" || typeof id !== "string") throw invalidResponseError(200, created);
  return body as T;
}

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
    async createLead(input, requestOptions) {
      const body = JSON.stringify(toLeadRequestBody(input, legacy));
      return asLead<LeadFor<V>>(await request("POST", "contacts", body, requestOptions), true);
    },
    async getLead(id, requestOptions) {
      if (typeof id !== "string" || id === "") {
        throw new LeadValidationError([{ path: ["id"], message: "must be a contact id" }]);
      }
      return asLead<LeadFor<V>>(await request("GET", `contacts/${encodeURIComponent(id)}`, undefined, requestOptions), false);
    },
  };
}
