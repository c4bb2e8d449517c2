import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { Channel } from "./channel.ts";
import type { CreateLeadsOptions, LeadImport, LeadImportProgress, LeadImportSummary, LeadResult } from "./types.ts";

/** Creates one input's lead, saying whether it was found by a lookup rather than created. */
export type CreateOne<TInput, TLead> = (
  input: TInput,
  index: number,
  options: { mayExist: boolean; onSend: () => void; claimed: ReadonlySet<string> },
) => Promise<{ lead: TLead; reconciled: boolean }>;

const MAX_CONCURRENCY = 64;

function emailOf(input: unknown): string | undefined {
  const email = typeof input === "object" && input !== null ? (input as { email?: unknown }).email : undefined;
  return typeof email === "string" && email !== "" ? email.toLowerCase() : undefined;
}

function asIntercomError(error: unknown): IntercomError {
  // Every failure reaches the caller as an IntercomError; anything else is a bug worth its message.
  return error instanceof IntercomError ? error : new IntercomError(`Unexpected failure: ${(error as Error)?.message ?? String(error)}`, { cause: error, maybeCreated: true });
}

/**
 * Runs a bulk import: reads `source` lazily, `concurrency` inputs at a time,
 * and yields one result per input as each finishes. Results wait in a channel
 * as small as the concurrency, so a slow reader slows the reading of the
 * source instead of filling memory.
 */
export function runLeadImport<TInput, TLead>(
  source: Iterable<TInput> | AsyncIterable<TInput>,
  options: CreateLeadsOptions<TInput>,
  createOne: CreateOne<TInput, TLead>,
): LeadImport<TInput, TLead> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new IntercomConfigError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  const { signal, onProgress, skipDuplicateEmails = false, mayExist, onSend } = options;
  const started = Date.now();
  const counts = { read: 0, created: 0, failed: 0, skipped: 0, reconciled: 0, inFlight: 0 };
  const firstByEmail = new Map<string, number>();
  const claimed = new Set<string>();
  const results = new Channel<LeadResult<TInput, TLead>>(concurrency);

  const iterator: Iterator<TInput> | AsyncIterator<TInput> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<TInput>)[Symbol.iterator]();
  // Pulls are chained so concurrent workers never call next() at the same time.
  let pulling: Promise<unknown> = Promise.resolve();
  let exhausted = false;
  function pull(): Promise<{ input: TInput; index: number } | undefined> {
    const next = pulling.then(async () => {
      if (exhausted || signal?.aborted) return undefined;
      try {
        const step = await iterator.next();
        if (!step.done) return { input: step.value, index: counts.read++ };
      } catch (error) {
        exhausted = true;
        throw error;
      }
      exhausted = true;
      return undefined;
    });
    pulling = next.catch(() => undefined);
    return next;
  }

  async function settle(result: LeadResult<TInput, TLead>): Promise<void> {
    counts[result.status]++;
    if (result.status === "created") {
      if (result.reconciled) counts.reconciled++;
      claimed.add(String((result.lead as { id?: unknown }).id));
    }
    onProgress?.({ ...counts, elapsedMs: Date.now() - started });
    await results.push(result);
  }

  async function worker(): Promise<void> {
    for (;;) {
      const next = await pull();
      if (!next) return;
      const { input, index } = next;
      const email = skipDuplicateEmails ? emailOf(input) : undefined;
      const earlier = email === undefined ? undefined : firstByEmail.get(email);
      if (earlier !== undefined) {
        await settle({ index, input, status: "skipped", reason: "duplicate_email", duplicateOf: earlier });
        continue;
      }
      if (email !== undefined) firstByEmail.set(email, index);
      counts.inFlight++;
      let result: LeadResult<TInput, TLead>;
      try {
        const { lead, reconciled } = await createOne(input, index, {
          mayExist: mayExist?.(input, index) ?? false,
          onSend: () => onSend?.(input, index),
          claimed,
        });
        result = { index, input, status: "created", lead, reconciled };
      } catch (error) {
        result = { index, input, status: "failed", error: asIntercomError(error) };
      }
      counts.inFlight--;
      await settle(result);
    }
  }

  let sourceError: unknown;
  let running: Promise<void> | undefined;
  function start(): void {
    running ??= Promise.allSettled(Array.from({ length: concurrency }, worker)).then(async (settled) => {
      // Only reading the source can throw here: the others finish what they hold, then it surfaces.
      const failure = settled.find((outcome) => outcome.status === "rejected");
      if (failure) sourceError = (failure as PromiseRejectedResult).reason;
      // Stopped early (an abort): let the source close its file or connection, as for-of's break would.
      if (!exhausted) await Promise.resolve(iterator.return?.()).catch(() => undefined);
      results.close();
    });
  }

  async function* iterate(): AsyncGenerator<LeadResult<TInput, TLead>> {
    start();
    for (;;) {
      const step = await results.next();
      if (step.done) break;
      yield step.value;
    }
    if (sourceError !== undefined) throw sourceError;
  }

  const generator = { current: undefined as AsyncGenerator<LeadResult<TInput, TLead>> | undefined };
  return {
    [Symbol.asyncIterator]() {
      generator.current ??= iterate();
      return generator.current;
    },
    async summary(): Promise<LeadImportSummary> {
      generator.current ??= iterate();
      for await (const _ of { [Symbol.asyncIterator]: () => generator.current! }) {
        // Reading drives the import; the counts are kept as results settle.
      }
      const { inFlight: _inFlight, ...totals } = counts;
      return { ...totals, elapsedMs: Date.now() - started, aborted: signal?.aborted ?? false };
    },
  };
}
