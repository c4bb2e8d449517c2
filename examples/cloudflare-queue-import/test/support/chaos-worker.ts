// The example's Worker with deliveries sabotaged on purpose, for the tests. Which input gets what is
// decided by its email's prefix, on the message's first delivery only:
// - `redeliver-`: the consumer's ack() becomes retry(): the message comes again after its lead was created;
// - `crash-`: the idempotency store's complete() throws: the delivery dies between the create and its record,
//   the claim runs out, and the redelivery finds the lead by email;
// - `throw-`: the whole batch's acks are dropped and the handler throws after the consumer ran: every
//   message of the batch comes again.
// With LOSE_FIRST_ENQUEUE_ANSWER set, the first POST /imports/:id/leads is handled and its answer replaced by a
// 503, as if it were lost on the way back: the client posts again with the same Idempotency-Key.
// A message of the leads queue seen again (attempts > 1) is counted; GET /__chaos answers the counts.
import { durableIdempotencyStore } from "@intercom-leads/cloudflare";
import type { IdempotencyStore } from "@intercom-leads/core/server";
import { messageKey } from "../../src/consume.ts";
import { createImportWorker, type Env, type LeadMessage } from "../../src/index.ts";

export { ImportProgress, IntercomIdempotencyStore, IntercomRateGovernor } from "../../src/index.ts";

const counts = {
  deliveries: 0,
  redeliveries: 0,
  /** First deliveries of `redeliver-` inputs: each is acked as retry(), or thrown with its batch. */
  redeliverSabotaged: 0,
  ackTurnedRetry: 0,
  /** Explicit acks the consumer gave (after a create and its record, or for a key already completed). */
  acks: 0,
  crashes: 0,
  batchThrows: 0,
  batches: 0,
  enqueuePosts: 0,
  lostAnswers: 0,
};
// Idempotency keys whose complete() must fail once.
const crashKeys = new Set<string>();

function emailOf(body: unknown): string {
  const input = (body as { input?: { email?: unknown } } | null)?.input;
  return typeof input?.email === "string" ? input.email : "";
}

function crashingStore(env: Env): IdempotencyStore {
  const real = durableIdempotencyStore(env.IDEMPOTENCY);
  return {
    claim: (key, fingerprint, times) => real.claim(key, fingerprint, times),
    release: (key, token, unconfirmed, times) => real.release(key, token, unconfirmed, times),
    async complete(key, token, answer, times) {
      if (crashKeys.delete(key)) {
        counts.crashes++;
        throw new Error("simulated: the isolate died before recording the outcome");
      }
      return real.complete(key, token, answer, times);
    },
  };
}

const inner = createImportWorker({ store: crashingStore, deadLetterQueue: "leads-dead" });

/** A message whose ack() becomes retry() when `sabotage` says so. */
function wrapped(message: Message<unknown>, ackToRetry: boolean): Message<unknown> {
  return {
    get id() {
      return message.id;
    },
    get timestamp() {
      return message.timestamp;
    },
    get body() {
      return message.body;
    },
    get attempts() {
      return message.attempts;
    },
    retry: (options) => message.retry(options),
    ack: () => {
      if (ackToRetry) {
        counts.ackTurnedRetry++;
        message.retry();
      } else {
        counts.acks++;
        message.ack();
      }
    },
  };
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    if (new URL(request.url).pathname === "/__chaos") return Response.json(counts);
    const response = await (inner.fetch as NonNullable<typeof inner.fetch>)(request, env, ctx);
    if (request.method === "POST" && new URL(request.url).pathname.endsWith("/leads")) {
      counts.enqueuePosts++;
      if ((env as Env & { LOSE_FIRST_ENQUEUE_ANSWER?: string }).LOSE_FIRST_ENQUEUE_ANSWER && counts.lostAnswers === 0) {
        counts.lostAnswers++;
        return new Response("upstream connect error", { status: 503 });
      }
    }
    return response;
  },
  async queue(batch, env, ctx): Promise<void> {
    if (batch.queue !== "leads") return (inner.queue as NonNullable<typeof inner.queue>)(batch, env, ctx);
    counts.batches++;
    const firstTime = (message: Message<unknown>) => message.attempts === 1;
    let throwAfter = false;
    const messages = batch.messages.map((message) => {
      counts.deliveries++;
      if (!firstTime(message)) counts.redeliveries++;
      const email = emailOf(message.body);
      if (firstTime(message) && email.startsWith("crash-")) crashKeys.add(messageKey(message.body as LeadMessage));
      if (firstTime(message) && email.startsWith("throw-")) throwAfter = true;
      if (firstTime(message) && email.startsWith("redeliver-")) counts.redeliverSabotaged++;
      return wrapped(message, firstTime(message) && email.startsWith("redeliver-"));
    });
    // A batch that will throw: its acks and retries are dropped, so Queues delivers all of it again.
    const sabotaged = throwAfter
      ? messages.map((message) => ({
          ...message,
          id: message.id,
          body: message.body,
          timestamp: message.timestamp,
          attempts: message.attempts,
          ack() {},
          retry() {},
        }))
      : messages;
    await (inner.queue as NonNullable<typeof inner.queue>)(
      {
        ...batch,
        queue: batch.queue,
        messages: sabotaged,
        retryAll: batch.retryAll.bind(batch),
        ackAll: batch.ackAll.bind(batch),
        metadata: batch.metadata,
      },
      env,
      ctx,
    );
    if (throwAfter) {
      counts.batchThrows++;
      throw new Error("simulated: the consumer threw after creating the batch's leads");
    }
  },
} satisfies ExportedHandler<Env>;
