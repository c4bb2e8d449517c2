/**
 * `POST /imports/:id/leads`: a JSON array of lead inputs, checked with core's `validateLeadInput` for the
 * Worker's API version. Valid ones go onto the leads queue (`sendBatch`, 100 messages at most per call),
 * invalid ones straight to the dead-letter queue, so every input of an import is accounted for in one place.
 *
 * `Idempotency-Key` (optional, one per batch; the CLI sends one) makes a re-post of the same batch safe: it
 * answers the first post's answer without enqueueing again. A post that died after enqueueing part of its
 * batch leaves the key unconfirmed; its re-post enqueues the batch again with the same refs (derived from the
 * key), and the consumer's claims on those refs let only one copy of each input create its lead.
 * `?mayExist=<Unix ms>|true` marks a batch whose rows may have been queued under other refs (a CLI run
 * resuming rows an interrupted run was posting): the consumer looks each up by email before creating it.
 */
import { validateLeadInput } from "@intercom-leads/core";
import type { StoredAnswer } from "@intercom-leads/core/server";
import { sha256Hex } from "./auth.ts";
import type { Deps } from "./deps.ts";
import type { DeadLetterMessage, Env, FailureRecord, LeadMessage } from "./env.ts";
import { type Outcome, progressOf } from "./progress.ts";
import { errorResponse } from "./responses.ts";

/** The most inputs one post may carry. */
export const MAX_LEADS_PER_POST = 1_000;
// Queues takes at most 100 messages and 256 KB per sendBatch, and 128 KB per message.
const SEND_BATCH_MESSAGES = 100;
const SEND_BATCH_BYTES = 250_000;
const MAX_MESSAGE_BYTES = 100_000;
const MAX_BODY_BYTES = 5_000_000;

/** What the endpoint answers (202). */
export interface EnqueueAnswer {
  readonly importId: string;
  /** The batch's reference; each input's is `<batch>:<position>`. */
  readonly batch: string;
  readonly accepted: number;
  readonly queued: number;
  /** Inputs refused by validation, by position in the posted array; they are in the dead-letter queue. */
  readonly invalid: readonly { index: number; issues: readonly { path: readonly string[]; message: string }[] }[];
}

function mayExistParam(url: URL): number | true | undefined | Error {
  const value = url.searchParams.get("mayExist");
  if (value === null) return undefined;
  if (value === "true") return true;
  const number = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(number)
    ? number
    : new Error("mayExist must be Unix milliseconds or true");
}

async function sendInChunks<T>(queue: Queue<T>, bodies: readonly T[]): Promise<void> {
  let chunk: MessageSendRequest<T>[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = JSON.stringify(body).length + 100;
    if (chunk.length === SEND_BATCH_MESSAGES || bytes + size > SEND_BATCH_BYTES) {
      await queue.sendBatch(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ body, contentType: "json" });
    bytes += size;
  }
  if (chunk.length > 0) await queue.sendBatch(chunk);
}

/** Validates and enqueues one batch; answers the 202 body. Throws when a queue or the progress object fails. */
async function enqueue(
  inputs: readonly unknown[],
  importId: string,
  batch: string,
  mayExist: number | true | undefined,
  env: Env,
  deps: Deps,
): Promise<EnqueueAnswer> {
  const valid: LeadMessage[] = [];
  const dead: (DeadLetterMessage & { error: FailureRecord })[] = [];
  const invalid: EnqueueAnswer["invalid"][number][] = [];
  inputs.forEach((input, index) => {
    const ref = `${batch}:${index}`;
    let issues = validateLeadInput(input, { apiVersion: deps.settings.apiVersion });
    if (issues.length === 0 && JSON.stringify(input).length > MAX_MESSAGE_BYTES)
      issues = [{ path: [], message: `is larger than ${MAX_MESSAGE_BYTES} bytes as JSON` }];
    if (issues.length === 0) {
      valid.push({ importId, ref, input, ...(mayExist === undefined ? {} : { mayExist }) });
      return;
    }
    invalid.push({ index, issues });
    dead.push({
      importId,
      ref,
      input: JSON.stringify(input).length > MAX_MESSAGE_BYTES ? "(too large to keep)" : input,
      reason: "invalid",
      error: {
        name: "LeadValidationError",
        message: issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; "),
        codes: issues.map((issue) => issue.path.join(".") || "(input)"),
      },
    });
  });
  await sendInChunks(env.LEADS, valid);
  await sendInChunks(env.DEAD_LETTERS, dead);
  const failed = dead.map(({ ref, error }): Outcome => ({ ref, status: "failed", error }));
  await progressOf(env, importId).recordBatch(batch, inputs.length, valid.length, failed);
  return { importId, batch, accepted: inputs.length, queued: valid.length, invalid };
}

/** Handles `POST /imports/:id/leads` (the caller is already authenticated). */
export async function handleEnqueue(request: Request, importId: string, env: Env, deps: Deps): Promise<Response> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    return errorResponse(415, "unsupported_media_type", "Send a JSON array of leads (Content-Type: application/json)");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    return errorResponse(413, "payload_too_large", `Send at most ${MAX_BODY_BYTES} bytes per post`);
  let inputs: unknown;
  try {
    inputs = JSON.parse(text);
  } catch {
    return errorResponse(400, "invalid_json", "The body is not JSON");
  }
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > MAX_LEADS_PER_POST)
    return errorResponse(400, "invalid_batch", `Send a JSON array of 1 to ${MAX_LEADS_PER_POST} leads`);
  const url = new URL(request.url);
  const mayExist = mayExistParam(url);
  if (mayExist instanceof Error) return errorResponse(400, "invalid_parameter", mayExist.message);

  const key = request.headers.get("idempotency-key");
  if (key === null) {
    const answer = await enqueue(inputs, importId, crypto.randomUUID(), mayExist, env, deps);
    return Response.json(answer, { status: 202 });
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    return errorResponse(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters");

  const { store, settings } = deps;
  const storeKey = `enqueue:${importId}:${key}`;
  const fingerprint = await sha256Hex(`${String(mayExist)}\n${text}`);
  const claim = await store.claim(storeKey, fingerprint, settings.enqueueTimes);
  if (claim.state !== "claimed" && claim.fingerprint !== fingerprint)
    return errorResponse(422, "idempotency_key_reused", "This Idempotency-Key was used for another batch");
  if (claim.state === "completed") {
    const { status, body, headers } = claim.answer;
    return new Response(body, { status, headers: { ...headers, "idempotent-replayed": "true" } });
  }
  if (claim.state === "in_flight")
    return errorResponse(409, "idempotency_key_in_use", "A post with this Idempotency-Key is being handled", {
      "retry-after": String(Math.max(1, Math.ceil(claim.retryAfterMs / 1000))),
    });
  if (claim.state === "unconfirmed")
    return errorResponse(422, "idempotency_key_reused", "This Idempotency-Key was used for another batch");

  // Refs derived from the key: should an earlier post of this batch have queued some of it (an unconfirmed
  // claim), the copies queued now carry the same refs, and the consumer creates each input's lead once.
  let answer: EnqueueAnswer;
  try {
    answer = await enqueue(inputs, importId, `key:${(await sha256Hex(storeKey)).slice(0, 32)}`, mayExist, env, deps);
  } catch (error) {
    // Some of the batch may be on the queue: the key is unconfirmed, and its re-post queues the rest.
    await store.release(storeKey, claim.token, true, settings.enqueueTimes).catch(() => undefined);
    throw error;
  }
  const stored: StoredAnswer = {
    status: 202,
    body: JSON.stringify(answer),
    headers: { "content-type": "application/json" },
  };
  await store.complete(storeKey, claim.token, stored, settings.enqueueTimes);
  return new Response(stored.body, { status: 202, headers: stored.headers });
}
