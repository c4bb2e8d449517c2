// One isolate's share of an import: a Worker that creates leads with createLeads, paced by the shared
// governor object (`shared`) or by its client's own governor, and answers what happened.
import { createIntercom } from "@intercom-leads/core";
import { durableGovernor, type GovernorEvent, type IntercomRateGovernor } from "../../src/index.ts";

interface Env {
  readonly INTERCOM_GOVERNOR: DurableObjectNamespace<IntercomRateGovernor>;
}

/** What the test asks of this isolate. */
export interface ImportJob {
  readonly baseUrl: string;
  readonly token: string;
  /** The emails to create, one lead each. */
  readonly emails: readonly string[];
  readonly concurrency: number;
  /** Pace through the governor object rather than the client's own governor. */
  readonly shared: boolean;
  readonly leaseMs?: number;
  readonly timeoutMs?: number;
}

/** What this isolate saw. */
export interface ImportOutcome {
  readonly created: number;
  readonly failed: readonly { readonly email: string; readonly error: string }[];
  readonly events: readonly string[];
  readonly ms: number;
}

async function runImport(job: ImportJob, env: Env): Promise<ImportOutcome> {
  const events: GovernorEvent[] = [];
  const options = {
    leaseMs: job.leaseMs,
    timeoutMs: job.timeoutMs,
    onEvent: (event: GovernorEvent) => events.push(event),
  };
  const governor = job.shared ? durableGovernor(env.INTERCOM_GOVERNOR, options) : undefined;
  const intercom = createIntercom({ token: job.token, baseUrl: job.baseUrl, governor });
  const started = Date.now();
  let created = 0;
  const failed: { email: string; error: string }[] = [];
  for await (const result of intercom.createLeads(
    job.emails.map((email) => ({ email })),
    { concurrency: job.concurrency },
  )) {
    if (result.status === "failed") failed.push({ email: result.input.email, error: result.error.message });
    else created++;
  }
  await governor?.settled();
  return {
    created,
    failed,
    events: events.map((event) =>
      event.type === "governor_fallback" ? `${event.type}: ${String(event.error)}` : event.type,
    ),
    ms: Date.now() - started,
  };
}

/** Takes slots and never reports back, as an isolate that dies mid-call would. */
async function takeSlots(count: number, leaseMs: number, env: Env): Promise<{ taken: number }> {
  const governor = durableGovernor(env.INTERCOM_GOVERNOR, { leaseMs });
  for (let i = 0; i < count; i++) await governor.acquire(undefined, false);
  return { taken: count };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const body = (await request.json()) as Record<string, unknown>;
    if (url.pathname === "/import") return Response.json(await runImport(body as unknown as ImportJob, env));
    if (url.pathname === "/take")
      return Response.json(await takeSlots(body.count as number, body.leaseMs as number, env));
    return new Response("not found", { status: 404 });
  },
};
