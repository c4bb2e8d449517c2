import { DurableObject } from "cloudflare:workers";
import {
  claimStep,
  completeStep,
  type IdempotencyClaim,
  type IdempotencyTimes,
  type KeyRecord,
  type KeyStep,
  releaseStep,
  type StoredAnswer,
} from "@intercom-leads/core/server";

/**
 * The Durable Object behind `durableIdempotencyStore`: export it from your Worker
 * (`export { IntercomIdempotencyStore } from "@intercom-leads/cloudflare"`) and bind it as a Durable
 * Object namespace. `durableIdempotencyStore` gives every key an object of its own, so one object holds
 * one record, and the object's storage makes each call atomic: a call reads the record, decides with
 * no other I/O in between, and writes, while the object's input gate holds back every other call.
 * An alarm deletes records once their retention ends, so a finished key costs no storage.
 */
export class IntercomIdempotencyStore extends DurableObject {
  /** See `IdempotencyStore.claim` in `@intercom-leads/core/server`. */
  async claim(key: string, fingerprint: string, times: IdempotencyTimes): Promise<IdempotencyClaim> {
    return this.apply(key, (record, now) => claimStep(record, fingerprint, times, now, crypto.randomUUID()));
  }

  /** See `IdempotencyStore.complete` in `@intercom-leads/core/server`. */
  async complete(key: string, token: string, answer: StoredAnswer, times: IdempotencyTimes): Promise<void> {
    return this.apply(key, (record, now) => completeStep(record, token, answer, times, now));
  }

  /** See `IdempotencyStore.release` in `@intercom-leads/core/server`. */
  async release(key: string, token: string, unconfirmed: boolean, times: IdempotencyTimes): Promise<void> {
    return this.apply(key, (record, now) => releaseStep(record, token, unconfirmed, times, now));
  }

  /** Deletes the records whose retention has ended, and wakes again for the next one. */
  override async alarm(): Promise<void> {
    const { storage } = this.ctx;
    const now = this.now();
    const records = await storage.list<KeyRecord>();
    const expired = [...records].filter(([, record]) => record.expiresAt <= now).map(([key]) => key);
    if (expired.length === records.size) {
      // Nothing left: drop the object's storage altogether (the alarm too, which deleteAll may keep).
      await storage.deleteAlarm();
      await storage.deleteAll();
      return;
    }
    await storage.delete(expired);
    await storage.setAlarm(
      Math.min(...[...records.values()].map((record) => record.expiresAt).filter((at) => at > now)),
    );
  }

  /**
   * The object's clock, in ms since the epoch. A subclass may replace it, e.g. to test retention
   * and leases without waiting.
   * @default Date.now()
   */
  protected now(): number {
    return Date.now();
  }

  /** Reads the key's record, decides, writes: with no other I/O between, so no other call interleaves. */
  private async apply<T>(key: string, step: (record: KeyRecord | undefined, now: number) => KeyStep<T>): Promise<T> {
    const { storage } = this.ctx;
    const stored = await storage.get<KeyRecord>(key);
    const { record, result } = step(stored, this.now());
    if (record === null) await storage.delete(key);
    else if (record) {
      await storage.put(key, record);
      const alarm = await storage.getAlarm();
      if (alarm === null || alarm > record.expiresAt) await storage.setAlarm(record.expiresAt);
    }
    return result;
  }
}
