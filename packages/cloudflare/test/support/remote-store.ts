import type { IdempotencyStore } from "@intercom-leads/core/server";
import type { TestWorker } from "./workerd.ts";

/**
 * The Durable Object store inside workerd, seen from the test as an `IdempotencyStore`: each call
 * goes over fetch to the test Worker, which calls `durableIdempotencyStore(env[binding])`.
 */
export function remoteStore(worker: TestWorker, binding: "real" | "clocked"): IdempotencyStore {
  const call = async <T>(body: Record<string, unknown>): Promise<T> => {
    const answer = await worker.post<{ result?: T; thrown?: { name: string; message: string } }>(
      `/store/${binding}`,
      body,
    );
    if (answer.thrown) throw new Error(`${answer.thrown.name}: ${answer.thrown.message}`);
    return answer.result as T;
  };
  return {
    claim: (key, fingerprint, times) => call({ op: "claim", key, fingerprint, times }),
    complete: (key, token, answer, times) => call({ op: "complete", key, token, answer, times }),
    release: (key, token, unconfirmed, times) => call({ op: "release", key, token, unconfirmed, times }),
  };
}
