import { setTimeout as sleep } from "node:timers/promises";

/** Whether `hostname` is this machine, where plain http is safe enough for a secret. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** What a queue endpoint answers for a batch it took (202). */
export interface EnqueueAnswer {
  readonly accepted: number;
  readonly queued: number;
  /** Inputs it refused, by position in the batch; it dead-lettered them. */
  readonly invalid: readonly { index: number; issues: readonly { path: readonly string[]; message: string }[] }[];
}

/** How a post ended. */
export type PostOutcome =
  /** Queued (`replayed`: the answer of an earlier post with the same key, nothing queued again). */
  | { readonly kind: "queued"; readonly answer: EnqueueAnswer; readonly replayed: boolean }
  /** Refused (401, 400…): nothing was queued. */
  | { readonly kind: "refused"; readonly status: number; readonly message: string }
  /** No answer to trust: the batch may or may not be queued. */
  | { readonly kind: "unknown"; readonly message: string };

/** Options of `postBatch`. */
export interface PostOptions {
  /** The batch's `Idempotency-Key`, the same on every attempt, so a retry never queues the batch twice. */
  readonly key: string;
  /** An earlier run may have queued these rows: the consumer looks each up by email before creating it. */
  readonly mayExist: boolean;
  readonly signal?: AbortSignal | undefined;
  /** Attempts in all. @default 4 */
  readonly attempts?: number;
  /** The first wait between attempts (doubles); a `Retry-After` answer waits longer. @default 250 */
  readonly backoffMs?: number;
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[] };
    return body.errors?.[0]?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  }
}

/**
 * POSTs a batch of lead inputs to a queue endpoint, retrying what may be passing (no answer, 409 while an
 * earlier attempt of the key is under way, 429, 5xx) with the same `Idempotency-Key`, so the endpoint
 * queues the batch once whatever happened to its answers.
 */
export async function postBatch(
  url: string,
  secret: string,
  inputs: readonly unknown[],
  options: PostOptions,
): Promise<PostOutcome> {
  const { key, mayExist, signal, attempts = 4, backoffMs = 250 } = options;
  const target = new URL(url);
  if (mayExist) target.searchParams.set("mayExist", "true");
  const body = JSON.stringify(inputs);
  let last = "no attempt";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let waitMs = backoffMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          accept: "application/json",
          "idempotency-key": key,
        },
        body,
        signal,
      });
      if (response.status === 202)
        return {
          kind: "queued",
          answer: (await response.json()) as EnqueueAnswer,
          replayed: response.headers.get("idempotent-replayed") === "true",
        };
      last = `${response.status}: ${await messageOf(response)}`;
      if (response.status !== 409 && response.status !== 429 && response.status < 500)
        return { kind: "refused", status: response.status, message: last };
      const retryAfter = Number(response.headers.get("retry-after"));
      if (Number.isFinite(retryAfter) && retryAfter > 0) waitMs = Math.max(waitMs, retryAfter * 1000);
    } catch (error) {
      if (signal?.aborted) return { kind: "unknown", message: "interrupted" };
      last = (error as Error).message;
    }
    if (attempt < attempts) await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    if (signal?.aborted) return { kind: "unknown", message: "interrupted" };
  }
  return { kind: "unknown", message: last };
}
