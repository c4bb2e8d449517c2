/**
 * A lead import through Cloudflare Queues:
 * - `POST /imports/:id/leads` enqueues a JSON array of leads (`enqueue.ts`);
 * - the leads queue's consumer creates each exactly once (`consume.ts`);
 * - the dead-letter queue's consumer records what failed for good or ran out of retries (`dead-letters.ts`);
 * - `GET /imports/:id` answers the counts, `GET /imports/:id/dead-letters` the dead letters.
 * Every route wants `Authorization: Bearer <IMPORT_SECRET>`.
 */
import { hasBearer } from "./auth.ts";
import { consumeLeads } from "./consume.ts";
import { consumeDeadLetters } from "./dead-letters.ts";
import { buildDeps, type Deps, durableStore, type StoreFactory } from "./deps.ts";
import { handleEnqueue } from "./enqueue.ts";
import type { Env } from "./env.ts";
import { isImportId } from "./messages.ts";
import { progressOf } from "./progress.ts";
import { errorResponse } from "./responses.ts";

export { IntercomIdempotencyStore, IntercomRateGovernor } from "@intercom-leads/cloudflare";
export type { DeadLetterMessage, Env, LeadMessage } from "./env.ts";
export { ImportProgress } from "./progress.ts";

/** Options of `createImportWorker`. */
export interface ImportWorkerOptions {
  /**
   * Where message ids and enqueue keys are claimed.
   * @default the `IntercomIdempotencyStore` Durable Object bound as `IDEMPOTENCY`
   */
  store?: StoreFactory;
  /**
   * The name of the dead-letter queue, whose batches go to the dead-letter consumer.
   * @default env.DEAD_LETTER_QUEUE, else "intercom-leads-dead"
   */
  deadLetterQueue?: string;
}

const ROUTE = /^\/imports\/([^/]+)(\/leads|\/dead-letters)?\/?$/;
const PAGE = 100;

async function route(request: Request, env: Env, deps: () => Deps): Promise<Response> {
  const match = ROUTE.exec(new URL(request.url).pathname);
  if (!match) return errorResponse(404, "not_found", "Not found");
  if (!env.IMPORT_SECRET) return errorResponse(500, "importer_misconfigured", "The importer has no IMPORT_SECRET");
  if (!(await hasBearer(request, env.IMPORT_SECRET)))
    return errorResponse(401, "unauthorized", "Send Authorization: Bearer <IMPORT_SECRET>", {
      "www-authenticate": "Bearer",
    });
  const importId = decodeURIComponent(match[1] as string);
  if (!isImportId(importId))
    return errorResponse(400, "invalid_import_id", "An import id is 1 to 64 letters, digits, '.', '_' or '-'");
  const [, , sub] = match;
  const method = request.method;
  if (sub === "/leads") {
    if (method !== "POST") return errorResponse(405, "method_not_allowed", "POST leads here", { allow: "POST" });
    return handleEnqueue(request, importId, env, deps());
  }
  if (method !== "GET") return errorResponse(405, "method_not_allowed", "GET this", { allow: "GET" });
  const progress = progressOf(env, importId);
  if (sub === "/dead-letters") {
    const after = Number(new URL(request.url).searchParams.get("after") ?? 0);
    return Response.json(await progress.deadLetters(Number.isSafeInteger(after) ? after : 0, PAGE));
  }
  return Response.json({ importId, ...(await progress.counts()) });
}

/** The Worker: its `fetch` (the endpoints) and `queue` (both consumers). */
export function createImportWorker(options: ImportWorkerOptions = {}): ExportedHandler<Env> {
  // Built once per isolate, with the first event: bindings only arrive with it.
  const built = new WeakMap<Env, Deps>();
  const depsFor = (env: Env): Deps => {
    let deps = built.get(env);
    if (!deps) {
      deps = buildDeps(env, options.store ?? durableStore);
      built.set(env, deps);
    }
    return deps;
  };
  return {
    async fetch(request, env): Promise<Response> {
      try {
        return await route(request, env, () => depsFor(env));
      } catch (error) {
        console.error("The importer failed:", error);
        return errorResponse(503, "importer_unavailable", "The import could not be handled; post it again");
      }
    },
    async queue(batch, env, ctx): Promise<void> {
      const deadLetterQueue = options.deadLetterQueue ?? (env.DEAD_LETTER_QUEUE || "intercom-leads-dead");
      if (batch.queue === deadLetterQueue) return consumeDeadLetters(batch, env);
      const deps = depsFor(env);
      try {
        await consumeLeads(batch, env, deps);
      } finally {
        // The creates' rate reports must reach the governor object, or their slots stay taken until their lease ends.
        ctx.waitUntil(deps.governor.settled());
      }
    },
  };
}

export default createImportWorker();
