/**
 * The dead-letter queue's consumer: records every input that ended there in its import's progress object,
 * readable from `GET /imports/:id/dead-letters`. Two kinds arrive: those this Worker sent itself (failed for
 * good: `reason` and `error` in the body) and those Queues moved after `max_retries` deliveries failed for
 * now (the original body; the last error comes from the consumer's notes). Recorded once per `ref`.
 */
import type { Env } from "./env.ts";
import { asLeadMessage, isOwnDeadLetter } from "./messages.ts";
import type { DeadLetterRecord } from "./progress.ts";
import { progressOf } from "./progress.ts";

type Letter = Parameters<import("./progress.ts").ImportProgress["recordDeadLetters"]>[0][number];

/** Consumes one batch of the dead-letter queue. A failure to record throws, and Queues delivers the batch again. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const byImport = new Map<string, Letter[]>();
  for (const message of batch.messages) {
    const body = asLeadMessage(message.body);
    if (!body) {
      // Nothing to file it under: say so in the logs, where an operator looks for strays.
      console.error("A dead letter that is no lead message:", JSON.stringify(message.body));
      continue;
    }
    const reason: DeadLetterRecord["reason"] = isOwnDeadLetter(body) ? body.reason : "retries_exhausted";
    const letter: Letter = {
      ref: body.ref,
      reason,
      input: body.input,
      ...(isOwnDeadLetter(body) ? { error: body.error } : {}),
    };
    byImport.set(body.importId, [...(byImport.get(body.importId) ?? []), letter]);
  }
  const now = Date.now();
  await Promise.all(
    [...byImport].map(([importId, letters]) => progressOf(env, importId).recordDeadLetters(letters, now)),
  );
  batch.ackAll();
}
