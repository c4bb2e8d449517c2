import type { LeadImport, LeadImportSummary, LeadResult } from "../bulk/types.ts";

/**
 * A `LeadImport` whose code is loaded on first use: `createLeads` returns at
 * once, and the bulk machinery is fetched (a separate chunk in a bundled app)
 * only when the import is iterated or summarised. A failure to start, such as
 * an unusable option, rejects that first use.
 */
export function deferredImport<TInput, TLead>(
  start: () => Promise<LeadImport<TInput, TLead>>,
): LeadImport<TInput, TLead> {
  let started: Promise<LeadImport<TInput, TLead>> | undefined;
  const run = () => (started ??= start());
  return {
    [Symbol.asyncIterator](): AsyncIterableIterator<LeadResult<TInput, TLead>> {
      let inner: Promise<AsyncIterator<LeadResult<TInput, TLead>>> | undefined;
      const iterator = () => (inner ??= run().then((leadImport) => leadImport[Symbol.asyncIterator]()));
      return {
        next: async () => (await iterator()).next(),
        // A reader that leaves before its first result never started anything to stop.
        return: async () => (inner && (await (await inner).return?.())) || { done: true, value: undefined },
        [Symbol.asyncIterator]() {
          return this;
        },
      } as AsyncIterableIterator<LeadResult<TInput, TLead>>;
    },
    summary: async (): Promise<LeadImportSummary> => (await run()).summary(),
  };
}
