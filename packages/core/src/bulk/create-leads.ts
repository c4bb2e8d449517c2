import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import { IntercomError } from "../errors/intercom-error.ts";
import { isIntercomError } from "../errors/type-guards.ts";
import { Channel } from "./channel.ts";
import type { LeadImport, LeadImportOptions, LeadImportSummary, LeadResult } from "./types.ts";

/** Creates one input's lead, saying whether it was found by a lookup rather than created. */
export type CreateOne<TInput, TLead> = (
  input: TInput,
  index: number,
  options: { mayExist: boolean | number; onSend: () => void; claimed: ReadonlySet<string> },
) => Promise<{ lead: TLead; reconciled: boolean }>;

const MAX_CONCURRENCY = 64;
// A lookup only takes leads created since its own attempt began (less a few seconds of clock skew),
// so a lead another input owns needs guarding only this long after it was created.
const CLAIM_MS = 30_000;

function emailOf(input: unknown): string | undefined {
  const email = typeof input === "object" && input !== null ? (input as { email?: unknown }).email : undefined;
  return typeof email === "string" && email !== "" ? email.toLowerCase() : undefined;
}

// The client only ever throws IntercomErrors; anything else came from a caller's callback before sending.
function asIntercomError(error: unknown): IntercomError {
  return isIntercomError(error)
    ? error
    : new IntercomError(`A callback failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** Lead ids this import owns, forgotten once no later lookup could mistake them for its own. */
class Claims extends Set<string> {
  #times = new Map<string, number>();

  claim(id: string, now: number): void {
    this.add(id);
    this.#times.set(id, now);
    // A Map iterates in insertion order, so the oldest come first.
    for (const [old, at] of this.#times) {
      if (now - at < CLAIM_MS) break;
      this.#times.delete(old);
      this.delete(old);
    }
  }
}

/**
 * Runs a bulk import: reads `source` lazily, `concurrency` inputs at a time,
 * and yields one result per input as each finishes. Results wait in a channel
 * as small as the concurrency, so a slow reader slows the reading of the
 * source instead of filling memory. Inputs with the same email never run at
 * the same time, so one cannot take the other's lead for its own.
 */
export function runLeadImport<TInput, TLead>(
  source: Iterable<TInput> | AsyncIterable<TInput>,
  options: LeadImportOptions<TInput>,
  createOne: CreateOne<TInput, TLead>,
): LeadImport<TInput, TLead> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new IntercomConfigError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  const { signal, onProgress, skipDuplicateEmails = false, mayExist, onSend } = options;
  let started = 0;
  const counts = { read: 0, created: 0, failed: 0, skipped: 0, reconciled: 0, inFlight: 0 };
  const createdByEmail = new Map<string, number>();
  const busyEmails = new Map<string, Promise<void>>();
  const claimed = new Claims();
  const results = new Channel<LeadResult<TInput, TLead>>(concurrency);

  const iterator: Iterator<TInput> | AsyncIterator<TInput> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<TInput>)[Symbol.iterator]();
  let exhausted = false;
  let aborted = false;
  // Set when the reader walks away (a `break` out of for-await): read nothing more, report nothing more.
  let abandoned = false;
  let failure: { error: unknown } | undefined;
  // Pulls are chained so concurrent workers never call next() at the same time.
  let pulling: Promise<unknown> = Promise.resolve();
  function pull(): Promise<{ input: TInput; index: number } | undefined> {
    const next = pulling.then(async () => {
      if (exhausted || abandoned) return undefined;
      if (signal?.aborted) {
        aborted = true;
        return undefined;
      }
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
    if (result.status === "created" && result.reconciled) counts.reconciled++;
    try {
      onProgress?.({ ...counts, elapsedMs: Date.now() - started });
    } catch (error) {
      // A failing progress callback must not lose the result; it surfaces when the import ends.
      failure ??= { error };
    }
    if (!abandoned) await results.push(result);
  }

  async function createFor(
    input: TInput,
    index: number,
    email: string | undefined,
  ): Promise<LeadResult<TInput, TLead>> {
    counts.inFlight++;
    try {
      const { lead, reconciled } = await createOne(input, index, {
        mayExist: mayExist?.(input, index) ?? false,
        onSend: () => onSend?.(input, index),
        claimed,
      });
      claimed.claim(String((lead as { id?: unknown }).id), Date.now());
      if (email !== undefined && skipDuplicateEmails) createdByEmail.set(email, index);
      return { index, input, status: "created", lead, reconciled };
    } catch (error) {
      return { index, input, status: "failed", error: asIntercomError(error) };
    } finally {
      counts.inFlight--;
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      const next = await pull();
      if (!next) return;
      const { input, index } = next;
      const email = emailOf(input);
      // Wait for an earlier input with this email to finish first.
      while (email !== undefined && busyEmails.has(email)) await busyEmails.get(email);
      const earlier = email === undefined || !skipDuplicateEmails ? undefined : createdByEmail.get(email);
      if (earlier !== undefined) {
        await settle({ index, input, status: "skipped", reason: "duplicate_email", duplicateOf: earlier });
        continue;
      }
      let done = (): void => undefined;
      if (email !== undefined) busyEmails.set(email, new Promise<void>((resolve) => (done = resolve)));
      const result = await createFor(input, index, email);
      if (email !== undefined) busyEmails.delete(email);
      done();
      await settle(result);
    }
  }

  let running = false;
  function start(): void {
    if (running) return;
    running = true;
    started = Date.now();
    void Promise.allSettled(Array.from({ length: concurrency }, worker)).then(async (settled) => {
      // Only reading the source can throw here: the others finish what they hold, then it surfaces.
      const rejected = settled.find((outcome) => outcome.status === "rejected");
      if (rejected) failure ??= { error: (rejected as PromiseRejectedResult).reason };
      // Stopped early: let the source close its file or connection, as for-of's break would.
      if (!exhausted) await Promise.resolve(iterator.return?.()).catch(() => undefined);
      results.close();
    });
  }

  async function* iterate(): AsyncGenerator<LeadResult<TInput, TLead>> {
    start();
    let finished = false;
    try {
      for (;;) {
        const step = await results.next();
        if (step.done) break;
        yield step.value;
      }
      finished = true;
    } finally {
      // The reader left early: stop reading; creates already sent finish on their own, unreported.
      if (!finished) abandoned = true;
    }
    if (failure) throw failure.error;
  }

  let generator: AsyncGenerator<LeadResult<TInput, TLead>> | undefined;
  return {
    [Symbol.asyncIterator]() {
      generator ??= iterate();
      return generator;
    },
    async summary(): Promise<LeadImportSummary> {
      generator ??= iterate();
      for (let step = await generator.next(); !step.done; step = await generator.next()) {
        // Reading drives the import; the counts are kept as results settle.
      }
      const { inFlight: _inFlight, ...totals } = counts;
      return { ...totals, elapsedMs: Date.now() - started, aborted };
    },
  };
}
