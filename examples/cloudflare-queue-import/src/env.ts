import type { IntercomIdempotencyStore, IntercomRateGovernor } from "@intercom-leads/cloudflare";
import type { ImportProgress } from "./progress.ts";

/** One lead on the leads queue. */
export interface LeadMessage {
  /** The import it belongs to: `/imports/:id`. */
  readonly importId: string;
  /** The input's own reference (`<batch>:<position>`), stable through redeliveries and the dead-letter queue. */
  readonly ref: string;
  /** The lead input, as posted; checked again by `createLeads` before it is sent. */
  readonly input: unknown;
  /**
   * An earlier attempt may have sent this input (a batch re-posted after an unconfirmed enqueue, or a
   * row an interrupted CLI run was sending): when (Unix ms), or `true` for any time. The consumer
   * looks it up by email before creating it.
   */
  readonly mayExist?: number | true;
}

/** Why an input ended in the dead-letter queue. */
export type DeadLetterReason = "invalid" | "refused";

/** What the consumer (or the endpoint) sends to the dead-letter queue itself, for an input that failed for good. */
export interface DeadLetterMessage extends LeadMessage {
  readonly reason: DeadLetterReason;
  /** What went wrong, readable. */
  readonly error: FailureRecord;
}

/** An error as stored: enough to tell a person what happened. */
export interface FailureRecord {
  readonly name: string;
  readonly message: string;
  /** The HTTP status Intercom answered, when it answered. */
  readonly status?: number;
  /** Intercom's error codes, or the validation issues' paths. */
  readonly codes?: readonly string[];
}

/** The Worker's bindings (wrangler.toml) and secrets. */
export interface Env {
  /** Intercom access token: `wrangler secret put INTERCOM_TOKEN`. */
  INTERCOM_TOKEN: string;
  /** The bearer secret callers of `/imports/*` send: `wrangler secret put IMPORT_SECRET`. */
  IMPORT_SECRET: string;
  /** Where the workspace is hosted. */
  INTERCOM_REGION?: "us" | "eu" | "au";
  /** Another Intercom-compatible base URL (a fake Intercom for local tests). */
  INTERCOM_BASE_URL?: string;
  /** The `Intercom-Version` leads are checked against and created with. */
  INTERCOM_API_VERSION?: string;
  /** Leads created at once by one consumer invocation (1–64). */
  CONCURRENCY?: string;
  /** How long a consumer looks up a lead whose create may have gone through (ms). */
  RECONCILE_WAIT_MS?: string;
  /** How long a consumer's claim on a message holds before another delivery may take it over (ms). */
  CLAIM_LEASE_MS?: string;
  /** The first retry delay of a message that failed for now (seconds); it doubles per attempt, up to 5 minutes. */
  RETRY_DELAY_SECONDS?: string;
  /** The dead-letter queue's name, so `queue()` knows its batches from the leads queue's. */
  DEAD_LETTER_QUEUE?: string;
  /** The leads queue (producer binding). */
  LEADS: Queue<LeadMessage>;
  /** The dead-letter queue (producer binding), for inputs that failed for good. */
  DEAD_LETTERS: Queue<DeadLetterMessage>;
  /** `IntercomRateGovernor`: one send-slot allocator for every isolate's client. */
  INTERCOM_GOVERNOR: DurableObjectNamespace<IntercomRateGovernor>;
  /** `IntercomIdempotencyStore`: claims on message ids and enqueue keys. */
  IDEMPOTENCY: DurableObjectNamespace<IntercomIdempotencyStore>;
  /** `ImportProgress`: one object per import, its counts and dead letters. */
  IMPORT_PROGRESS: DurableObjectNamespace<ImportProgress>;
}
