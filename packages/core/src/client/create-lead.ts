import type { LeadFor } from "../lead/contact.ts";
import type { LeadInputFor } from "../lead/input.ts";
import type { CreateLeadOptions, IntercomOptions } from "../types/options.ts";
import type { ApiVersion, DefaultApiVersion } from "../version.ts";
import { createIntercom } from "./create-intercom.ts";

/**
 * Creates one lead without keeping a client: `createIntercom(options).createLead(input, options)`,
 * with the client's options and the call's (`signal`, `reconcile`) in one object. Prefer a client
 * when creating several, so its set-up is done once and its calls share one rate window.
 *
 * @example
 * const lead = await createLead({ email: "winstonsmith@truth.org" }, { token: env.INTERCOM_TOKEN });
 */
export async function createLead<const V extends ApiVersion = DefaultApiVersion>(
  input: LeadInputFor<V>,
  options?: IntercomOptions & CreateLeadOptions & { apiVersion?: V },
): Promise<LeadFor<V>> {
  const { signal, reconcile, ...clientOptions } = options ?? {};
  return createIntercom<V>(clientOptions).createLead(input, { signal, reconcile });
}
