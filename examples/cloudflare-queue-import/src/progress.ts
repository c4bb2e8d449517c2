/**
 * `ImportProgress`: one Durable Object per import (`idFromName(importId)`) holding what became of each
 * input. Every record is keyed by the input's `ref`, so a redelivered message, a re-posted batch or a
 * second copy in the dead-letter queue is counted once: the counts are exact under at-least-once delivery.
 * Its own object rather than the idempotency store's: that store is per key and shaped by core's
 * `IdempotencyStore` contract, while progress is per import and needs counts over all of its keys.
 */
import { DurableObject } from "cloudflare:workers";
import type { DeadLetterReason, Env, FailureRecord } from "./env.ts";

/** What became of one input, once and for all. */
export type Outcome =
  | { readonly ref: string; readonly status: "created"; readonly leadId: string; readonly reconciled: boolean }
  | { readonly ref: string; readonly status: "failed"; readonly error: FailureRecord };

/** An input in the dead-letter queue, as `GET /imports/:id/dead-letters` lists it. */
export interface DeadLetterRecord {
  readonly ref: string;
  /** `retries_exhausted`: it failed for now on every delivery, and Queues moved it after `max_retries`. */
  readonly reason: DeadLetterReason | "retries_exhausted";
  readonly input: unknown;
  /** The error it failed with (for `retries_exhausted`, the last one the consumer saw). */
  readonly error: FailureRecord | null;
  /** Deliveries the consumer saw fail, for `retries_exhausted`. */
  readonly attempts: number;
  /** When it was recorded (Unix ms). */
  readonly at: number;
}

/** An import's counts, as `GET /imports/:id` answers them. */
export interface ImportCounts {
  /** Inputs the endpoint took, valid or not. */
  readonly accepted: number;
  /** Of `accepted`, those put on the leads queue (the others were invalid, and dead-lettered at once). */
  readonly queued: number;
  /** Leads created (or found already stored) by the consumer: one per input. */
  readonly created: number;
  /** Of `created`, those found by a lookup by email after an ambiguous failure rather than created again. */
  readonly reconciled: number;
  /** Inputs that failed for good: invalid, or refused by Intercom. */
  readonly failed: number;
  /** Inputs recorded from the dead-letter queue: the failed ones, and those that ran out of retries. */
  readonly deadLettered: number;
  /** Inputs not settled yet: `accepted - created - deadLettered`. */
  readonly pending: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (ref TEXT PRIMARY KEY, accepted INTEGER NOT NULL, queued INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outcomes (ref TEXT PRIMARY KEY, status TEXT NOT NULL, lead_id TEXT, reconciled INTEGER NOT NULL DEFAULT 0, error TEXT);
CREATE TABLE IF NOT EXISTS errors (ref TEXT PRIMARY KEY, error TEXT NOT NULL, attempts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dead_letters (seq INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL UNIQUE, reason TEXT NOT NULL, input TEXT NOT NULL, error TEXT, attempts INTEGER NOT NULL, at INTEGER NOT NULL);
`;

const number = (value: unknown): number => Number(value ?? 0);

/** The progress of one import; every method is one synchronous SQLite transaction. */
export class ImportProgress extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(SCHEMA);
  }

  /**
   * Records a batch the endpoint took, and the outcomes it settled itself (its invalid inputs), once per
   * `ref`, so a re-posted batch counts once.
   */
  recordBatch(ref: string, accepted: number, queued: number, invalid: readonly Outcome[]): void {
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec(
        "INSERT OR IGNORE INTO batches (ref, accepted, queued) VALUES (?, ?, ?)",
        ref,
        accepted,
        queued,
      );
      this.insertOutcomes(invalid);
    });
  }

  /** Records final outcomes; an input's first outcome stands. */
  recordOutcomes(outcomes: readonly Outcome[]): void {
    this.ctx.storage.transactionSync(() => this.insertOutcomes(outcomes));
  }

  private insertOutcomes(outcomes: readonly Outcome[]): void {
    const { sql } = this.ctx.storage;
    for (const outcome of outcomes) {
      if (outcome.status === "created")
        sql.exec(
          "INSERT OR IGNORE INTO outcomes (ref, status, lead_id, reconciled) VALUES (?, 'created', ?, ?)",
          outcome.ref,
          outcome.leadId,
          outcome.reconciled ? 1 : 0,
        );
      else
        sql.exec(
          "INSERT OR IGNORE INTO outcomes (ref, status, error) VALUES (?, 'failed', ?)",
          outcome.ref,
          JSON.stringify(outcome.error),
        );
    }
  }

  /** Notes the latest error of inputs that failed for now, for the dead-letter record should they run out of retries. */
  noteErrors(errors: readonly { ref: string; error: FailureRecord; attempts: number }[]): void {
    const { sql } = this.ctx.storage;
    this.ctx.storage.transactionSync(() => {
      for (const { ref, error, attempts } of errors)
        sql.exec(
          "INSERT OR REPLACE INTO errors (ref, error, attempts) VALUES (?, ?, ?)",
          ref,
          JSON.stringify(error),
          attempts,
        );
    });
  }

  /** Records dead letters, once per `ref`; one without an error takes the last one noted for it. */
  recordDeadLetters(
    letters: readonly { ref: string; reason: DeadLetterRecord["reason"]; input: unknown; error?: FailureRecord }[],
    now: number,
  ): void {
    const { sql } = this.ctx.storage;
    this.ctx.storage.transactionSync(() => {
      for (const { ref, reason, input, error } of letters) {
        const noted = sql
          .exec<{ error: string; attempts: number }>("SELECT error, attempts FROM errors WHERE ref = ?", ref)
          .toArray()[0];
        sql.exec(
          "INSERT OR IGNORE INTO dead_letters (ref, reason, input, error, attempts, at) VALUES (?, ?, ?, ?, ?, ?)",
          ref,
          reason,
          JSON.stringify(input ?? null),
          error ? JSON.stringify(error) : (noted?.error ?? null),
          noted?.attempts ?? 0,
          now,
        );
      }
    });
  }

  /** The import's counts. */
  counts(): ImportCounts {
    const { sql } = this.ctx.storage;
    const batches = sql.exec("SELECT SUM(accepted) AS accepted, SUM(queued) AS queued FROM batches").one();
    let created = 0;
    let reconciled = 0;
    let failed = 0;
    for (const row of sql.exec("SELECT status, COUNT(*) AS n, SUM(reconciled) AS r FROM outcomes GROUP BY status")) {
      if (row.status === "created") {
        created = number(row.n);
        reconciled = number(row.r);
      } else failed = number(row.n);
    }
    const deadLettered = number(sql.exec("SELECT COUNT(*) AS n FROM dead_letters").one().n);
    const accepted = number(batches.accepted);
    return {
      accepted,
      queued: number(batches.queued),
      created,
      reconciled,
      failed,
      deadLettered,
      pending: accepted - created - deadLettered,
    };
  }

  /** Dead letters in the order they were recorded, `limit` at a time after the `after` cursor. */
  deadLetters(after: number, limit: number): { records: DeadLetterRecord[]; next: number | null } {
    const rows = this.ctx.storage.sql
      .exec<{
        seq: number;
        ref: string;
        reason: string;
        input: string;
        error: string | null;
        attempts: number;
        at: number;
      }>(
        "SELECT seq, ref, reason, input, error, attempts, at FROM dead_letters WHERE seq > ? ORDER BY seq LIMIT ?",
        after,
        limit + 1,
      )
      .toArray();
    const page = rows.slice(0, limit);
    return {
      records: page.map((row) => ({
        ref: row.ref,
        reason: row.reason as DeadLetterRecord["reason"],
        input: JSON.parse(row.input) as unknown,
        error: row.error === null ? null : (JSON.parse(row.error) as FailureRecord),
        attempts: row.attempts,
        at: row.at,
      })),
      next: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }
}

/** The progress object of `importId`. */
export function progressOf(env: Env, importId: string): DurableObjectStub<ImportProgress> {
  return env.IMPORT_PROGRESS.get(env.IMPORT_PROGRESS.idFromName(importId));
}
