import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import { toLeadRequestBody } from "../lead/validate-lead.ts";
import type { ApiVersion, DefaultApiVersion } from "../version.ts";
import { asLead } from "./as-lead.ts";
import { resolveConfig } from "./config.ts";
import type { CreateLeadOptions } from "./options.ts";
import { createRequester } from "./send.ts";

/**
 * Creates one lead without keeping a client: what `createIntercom(options).createLead(input, { signal })`
 * does, without the client's rate governor and bulk import, so a one-call program stays small.
 * Prefer a client when creating several, so its set-up is done once and its calls share one rate window.
 *
 * @example
 * const lead = await createLead({ email: "winstonsmith@truth.org" }, { token: env.INTERCOM_TOKEN });
 */
export async function createLead<const V extends ApiVersion = DefaultApiVersion>(
  input: LeadInputFor<V>,
  options?: CreateLeadOptions & { apiVersion?: V },
): Promise<LeadFor<V>> {
  const { signal, ...clientOptions } = options ?? {};
  const config = resolveConfig(clientOptions);
  const body = JSON.stringify(toLeadRequestBody(input, config.legacy));
  return asLead(await createRequester(config)("POST", "contacts", body, { signal }), true);
}
