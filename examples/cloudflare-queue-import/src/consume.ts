/**
 * The leads queue's consumer: Queues delivers at least once; this makes each message's lead exactly once.
 * Each message's id (its `ref`, see `messageKey`) is its idempotency key in the shared store:
 * 1. claim it: `completed` (an earlier delivery finished it) is acked, `in_flight` (another delivery is on
 *    it right now) is retried after that delivery's lease, `claimed` is ours to create;
 * 2. a claim found `unconfirmed` (an earlier delivery may have created the lead and could not say) is
 *    looked up by email before anything is sent (`createLeads`' `mayExist`, since the key's first claim);
 * 3. create the claimed ones with `createLeads` (the shared governor, reconcile on ambiguous failures);
 * 4. record the outcome (progress; the dead-letter queue for inputs that failed for good), then `complete`
 *    the key with it and `ack`; an input that failed for now is `release`d (unconfirmed when the lead may
 *    exist) and `retry`d, and after `max_retries` Queues moves it to the dead-letter queue.
 * A delivery that dies between its create and its `complete` leaves the claim to run out: the next delivery
 * gets it `unconfirmed` and finds the lead by email instead of creating a second one.
 */
import type { LeadInput } from "@intercom-leads/core";
import type { IdempotencyStore, StoredAnswer } from "@intercom-leads/core/server";
import { sha256Hex } from "./auth.ts";
import type { Deps } from "./deps.ts";
import type { DeadLetterMessage, Env, FailureRecord, LeadMessage } from "./env.ts";
import { failureRecord, verdictOf } from "./failures.ts";
import { asLeadMessage } from "./messages.ts";
import { type Outcome, progressOf } from "./progress.ts";

/** A message whose key this delivery owns. */
interface Claimed {
  readonly message: Message<unknown>;
  readonly body: LeadMessage;
  readonly key: string;
  readonly token: string;
  readonly unconfirmed: boolean;
  readonly mayExist: number | boolean;
}

/** What to do with a claimed message once its create is over. */
type Settled =
  | {
      readonly claimed: Claimed;
      readonly kind: "done";
      readonly outcome: Outcome;
      readonly deadLetter?: DeadLetterMessage;
    }
  | {
      readonly claimed: Claimed;
      readonly kind: "retry";
      readonly error: FailureRecord;
      readonly maybeCreated: boolean;
      readonly delaySeconds: number;
    };

/**
 * The idempotency key of a lead message: its `ref`, the id the endpoint gave the input when it queued it,
 * which every redelivery keeps. Not Queues' own `message.id`: that is the same across redeliveries too, but
 * a batch posted again (its first answer lost) is queued as new messages with new ids and the same refs.
 */
export function messageKey(body: LeadMessage): string {
  return `lead:${body.importId}:${body.ref}`;
}

/** What a claim is made for: the input and where it belongs, not the `mayExist` mark a copy may add. */
function fingerprintOf(body: LeadMessage): Promise<string> {
  return sha256Hex(JSON.stringify([body.importId, body.ref, body.input]));
}

function earliest(a: number | boolean, b: number | boolean): number | boolean {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return Math.min(a, b);
}

function answerOf(outcome: Outcome): StoredAnswer {
  const status = outcome.status === "created" ? 201 : (outcome.error.status ?? 422);
  return { status, body: JSON.stringify(outcome), headers: { "content-type": "application/json" } };
}

async function claimAll(batch: MessageBatch<unknown>, deps: Deps, env: Env): Promise<Claimed[]> {
  const claimed: Claimed[] = [];
  const strays: { message: Message<unknown>; letter: DeadLetterMessage }[] = [];
  const { store, settings } = deps;
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = asLeadMessage(message.body);
      if (!body) {
        // Not ours to create: keep it readable in the dead-letter queue rather than retry it forever.
        strays.push({
          message,
          letter: {
            importId: "unknown",
            ref: `queue-message:${message.id}`,
            input: message.body,
            reason: "invalid",
            error: { name: "InvalidMessage", message: "The message is not a lead message ({ importId, ref, input })" },
          },
        });
        return;
      }
      const key = messageKey(body);
      let claim: Awaited<ReturnType<IdempotencyStore["claim"]>>;
      try {
        claim = await store.claim(key, await fingerprintOf(body), settings.messageTimes);
      } catch (error) {
        // Without the store, exactly-once cannot be kept: try again later rather than create blind.
        console.error(`Claiming ${key} failed:`, error);
        message.retry({ delaySeconds: settings.retryDelaySeconds });
        return;
      }
      if (claim.state === "completed") message.ack();
      else if (claim.state === "in_flight")
        message.retry({ delaySeconds: Math.max(1, Math.ceil(claim.retryAfterMs / 1000)) });
      else if (claim.state === "unconfirmed") {
        // The ref is held for another input: only another producer reusing refs could do that.
        console.error(`${key} is held for another message body; acked without creating`);
        message.ack();
      } else
        claimed.push({
          message,
          body,
          key,
          token: claim.token,
          unconfirmed: claim.unconfirmed,
          mayExist: earliest(claim.unconfirmed ? claim.since : false, body.mayExist ?? false),
        });
    }),
  );
  if (strays.length > 0) {
    try {
      await env.DEAD_LETTERS.sendBatch(strays.map(({ letter }) => ({ body: letter })));
      for (const { message } of strays) message.ack();
    } catch (error) {
      console.error("Dead-lettering stray messages failed:", failureRecord(error));
      for (const { message } of strays) message.retry({ delaySeconds: settings.retryDelaySeconds });
    }
  }
  return claimed;
}

async function createAll(claimed: readonly Claimed[], deps: Deps): Promise<Settled[]> {
  const { client, settings } = deps;
  const settled: Settled[] = [];
  const run = client.createLeads(
    claimed.map(({ body }) => body.input as LeadInput),
    {
      concurrency: settings.concurrency,
      reconcile: { waitMs: settings.reconcileWaitMs },
      mayExist: (_input, index) => claimed[index]?.mayExist ?? false,
    },
  );
  for await (const result of run) {
    const item = claimed[result.index] as Claimed;
    const { ref } = item.body;
    if (result.status === "created") {
      const outcome: Outcome = {
        ref,
        status: "created",
        leadId: String(result.lead.id),
        reconciled: result.reconciled,
      };
      settled.push({ claimed: item, kind: "done", outcome });
      continue;
    }
    if (result.status === "skipped") continue; // never: duplicate emails are not skipped here
    const verdict = verdictOf(result.error, item.message.attempts, settings.retryDelaySeconds, Date.now());
    if (verdict.kind === "retry") settled.push({ claimed: item, ...verdict, error: verdict.record });
    else
      settled.push({
        claimed: item,
        kind: "done",
        outcome: { ref, status: "failed", error: verdict.record },
        deadLetter: { ...item.body, reason: verdict.kind, error: verdict.record },
      });
  }
  return settled;
}

function byImport<T>(items: readonly T[], importOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const id = importOf(item);
    const group = groups.get(id);
    if (group) group.push(item);
    else groups.set(id, [item]);
  }
  return groups;
}

/** Records what this delivery settled, everywhere it must be, before any key is completed. */
async function record(
  done: readonly (Settled & { kind: "done" })[],
  retried: readonly (Settled & { kind: "retry" })[],
  env: Env,
): Promise<void> {
  const letters = done.flatMap((item) => (item.deadLetter ? [{ body: item.deadLetter }] : []));
  for (let start = 0; start < letters.length; start += 100)
    await env.DEAD_LETTERS.sendBatch(letters.slice(start, start + 100));
  const writes: Promise<void>[] = [];
  for (const [importId, items] of byImport(done, (item) => item.claimed.body.importId))
    writes.push(progressOf(env, importId).recordOutcomes(items.map((item) => item.outcome)));
  for (const [importId, items] of byImport(retried, (item) => item.claimed.body.importId))
    writes.push(
      progressOf(env, importId).noteErrors(
        items.map((item) => ({
          ref: item.claimed.body.ref,
          error: item.error,
          attempts: item.claimed.message.attempts,
        })),
      ),
    );
  await Promise.all(writes);
}

/** Consumes one batch of the leads queue; see the module's comment. Never throws: each message is acked or retried. */
export async function consumeLeads(batch: MessageBatch<unknown>, env: Env, deps: Deps): Promise<void> {
  const { store, settings } = deps;
  const claimed = await claimAll(batch, deps, env);
  if (claimed.length === 0) return;
  let settled: Settled[];
  try {
    settled = await createAll(claimed, deps);
  } catch (error) {
    // Only a bug or the bulk code failing to load gets here: nothing was learnt, so the leads may exist.
    console.error("createLeads failed:", error);
    await Promise.allSettled(claimed.map((item) => store.release(item.key, item.token, true, settings.messageTimes)));
    for (const item of claimed) item.message.retry({ delaySeconds: settings.retryDelaySeconds });
    return;
  }
  const done = settled.filter((item): item is Settled & { kind: "done" } => item.kind === "done");
  const retried = settled.filter((item): item is Settled & { kind: "retry" } => item.kind === "retry");
  try {
    await record(done, retried, env);
  } catch (error) {
    // The outcomes are known but not recorded: give the keys back as unconfirmed, so the redelivery finds
    // each created lead by email (no second create) and records it then.
    console.error("Recording outcomes failed:", failureRecord(error));
    await Promise.allSettled(
      done.map((item) => store.release(item.claimed.key, item.claimed.token, true, settings.messageTimes)),
    );
    for (const item of done) item.claimed.message.retry({ delaySeconds: settings.retryDelaySeconds });
    done.length = 0;
  }
  await Promise.all([
    ...done.map(async ({ claimed: item, outcome }) => {
      try {
        await store.complete(item.key, item.token, answerOf(outcome), settings.messageTimes);
        item.message.ack();
      } catch (error) {
        // The claim stays until its lease runs out; the redelivery then reconciles by email.
        console.error(`Completing ${item.key} failed:`, failureRecord(error));
        item.message.retry({ delaySeconds: settings.retryDelaySeconds });
      }
    }),
    ...retried.map(async ({ claimed: item, maybeCreated, delaySeconds }) => {
      // An unconfirmed claim stays unconfirmed: nothing this delivery learnt says the lead is absent.
      await store
        .release(item.key, item.token, maybeCreated || item.unconfirmed, settings.messageTimes)
        .catch((error: unknown) => console.error(`Releasing ${item.key} failed:`, failureRecord(error)));
      item.message.retry({ delaySeconds });
    }),
  ]);
}
