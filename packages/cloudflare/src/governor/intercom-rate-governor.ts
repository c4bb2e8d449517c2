import { DurableObject } from "cloudflare:workers";
import type { RateReport } from "@intercom-leads/core/governor";
import { type SlotAnswer, SlotLedger } from "./slot-ledger.ts";

/**
 * The Durable Object behind `durableGovernor`: one per Intercom workspace (`idFromName(name)`), asked
 * by every isolate's client for a send slot. It learns the rate window from the `X-RateLimit-*`
 * headers the clients report back, spreads the window's slots evenly over it, takes back the slots
 * of holders that never report (after their lease), and after a 429 holds everyone until the reset.
 * Export it from your Worker (`export { IntercomRateGovernor } from "@intercom-leads/cloudflare"`) and
 * bind it as a Durable Object namespace. It keeps its book in memory: an object that is evicted
 * learns the window again from the next answer, so it needs no storage.
 */
export class IntercomRateGovernor extends DurableObject {
  readonly #ledger: SlotLedger = new SlotLedger(() => this.now());

  /** Leases a send slot, taken back `leaseMs` after it opens unless released first. */
  acquire(leaseMs: number): SlotAnswer {
    return this.#ledger.acquire(leaseMs);
  }

  /** Reports how the call on `lease` went: its answer's status and rate-limit headers, or `null` for none. */
  release(lease: string, report: RateReport | null): void {
    this.#ledger.release(lease, report ?? undefined);
  }

  /** Gives back a slot whose call was never sent. */
  cancel(lease: string): void {
    this.#ledger.cancel(lease);
  }

  /**
   * The object's clock, in ms since the epoch. A subclass may replace it.
   * @default Date.now()
   */
  protected now(): number {
    return Date.now();
  }
}
