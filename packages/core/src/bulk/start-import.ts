import { toLeadRequestBody } from "../lead/validate-lead.ts";
import { createWithReconcile, reconcileOption } from "../reconcile/create-with-reconcile.ts";
import type { RetryOptions } from "../types/options.ts";
import type { Requester } from "../types/requester.ts";
import { isLegacyApiVersion } from "../version.ts";
import { runLeadImport } from "./create-leads.ts";
import type { LeadImport, LeadImportOptions } from "./types.ts";

// A 429 stored nothing, and an import has time: a client with a token waits out more of them than a
// single call would. One without a token talks to a proxy that waits them out itself.
const BULK_RETRY: RetryOptions = { limit: 10, maxDelay: 60_000 };

/**
 * What `intercom.createLeads` runs, loaded on its first use so that programs
 * which never import in bulk do not carry it: every input through the
 * client's own requester (and so its rate governor), reconciled by default.
 */
export function startLeadImport<TInput, TLead>(
  request: Requester,
  { apiVersion, hasToken }: { readonly apiVersion: string; readonly hasToken: boolean },
  source: Iterable<TInput> | AsyncIterable<TInput>,
  options: LeadImportOptions<TInput>,
): LeadImport<TInput, TLead> {
  const { reconcile, concurrency, signal, onProgress, skipDuplicateEmails, mayExist, onSend, ...requestOptions } =
    options;
  const plan = { legacy: isLegacyApiVersion(apiVersion), reconcile: reconcileOption(reconcile, true) };
  if (hasToken) requestOptions.retry ??= BULK_RETRY;
  return runLeadImport(
    source,
    { concurrency, signal, onProgress, skipDuplicateEmails, mayExist, onSend },
    async (input, _index, each) => {
      const body = toLeadRequestBody(input, apiVersion);
      const outcome = await createWithReconcile(request, { ...plan, body, ...each }, requestOptions);
      return { lead: outcome.lead as TLead, reconciled: outcome.reconciled };
    },
  );
}
