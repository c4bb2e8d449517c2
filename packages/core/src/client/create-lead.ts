import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import type { ApiVersion, DefaultApiVersion } from "../version.ts";
import { createIntercom } from "./create-intercom.ts";
import type { CreateLeadOptions } from "./options.ts";

/**
 * Creates one lead without keeping a client: `createIntercom(options).createLead(input, options)`.
 * Prefer a client when creating several, so its set-up is done once.
 *
 * @example
 * const lead = await createLead({ email: "winstonsmith@truth.org" }, { token: env.INTERCOM_TOKEN });
 */
export async function createLead<const V extends ApiVersion = DefaultApiVersion>(
  input: LeadInputFor<V>,
  options?: CreateLeadOptions & { apiVersion?: V },
): Promise<LeadFor<V>> {
  const { signal, ...clientOptions } = options ?? {};
  return createIntercom<V>(clientOptions).createLead(input, { signal });
}
