// 2,000 leads through the importer in workerd (Miniflare 4, real local queues): faults injected in the fake
// Intercom, deliveries sabotaged on purpose (see support/chaos-worker.ts). Exactly one lead per valid input,
// and every other input in the dead-letter queue, readable.
import { expect, it, vi } from "vitest";
import type { ImportCounts } from "../src/progress.ts";
import { MAX_RETRIES, useImporter } from "./support/importer.ts";

const TOTAL = 2_000;

/** What support/chaos-worker.ts counted. */
interface ChaosCounts {
  deliveries: number;
  redeliveries: number;
  redeliverSabotaged: number;
  ackTurnedRetry: number;
  crashes: number;
  batchThrows: number;
  batches: number;
}

type Kind = "normal" | "invalid" | "refused" | "down" | "redeliver" | "crash" | "throw";

/** What input `i` is; its email's prefix tells the chaos Worker and the faulty fake what to do with it. */
function kindOf(i: number): Kind {
  if (i % 100 === 7) return "invalid"; // 20: refused by validateLeadInput at the endpoint
  if (i % 100 === 13) return "refused"; // 20: refused by Intercom (owner_id 0 names no admin)
  if (i % 400 === 21) return "down"; // 5: a 503 on every delivery, until Queues gives up
  if (i % 50 === 3) return "redeliver"; // 40: acked as retry() after the create
  if (i % 50 === 5) return "crash"; // 40: the delivery dies between the create and its record
  if (i % 700 === 9) return "throw"; // 3: the whole batch throws after the creates
  return "normal";
}

function inputOf(i: number): Record<string, unknown> {
  const kind = kindOf(i);
  if (kind === "invalid") return { email: `invalid-${i}`, name: `Lead ${i}` };
  const lead = { email: `${kind}-${i}@example.com`, name: `Lead ${i}` };
  return kind === "refused" ? { ...lead, owner_id: 0 } : lead;
}

const inputs = Array.from({ length: TOTAL }, (_, i) => inputOf(i));
const count = (kind: Kind) => inputs.filter((_, i) => kindOf(i) === kind).length;
const creatable = inputs.filter((_, i) => !["invalid", "refused", "down"].includes(kindOf(i)));

const live = useImporter();

it("imports 2,000 leads exactly once through Queues, with faults and redeliveries, the failures dead-lettered", async () => {
  expect([
    count("invalid"),
    count("refused"),
    count("down"),
    count("redeliver"),
    count("crash"),
    count("throw"),
  ]).toEqual([20, 20, 5, 40, 40, 3]);
  const started = performance.now();
  // Four posts of 500, as a client would send a big file.
  for (let start = 0; start < TOTAL; start += 500) {
    const response = await live.importer.post("spring", inputs.slice(start, start + 500));
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { accepted: number; queued: number; invalid: { index: number }[] };
    const slice = inputs.slice(start, start + 500);
    const invalid = slice.flatMap((_, i) => (kindOf(start + i) === "invalid" ? [i] : []));
    expect(answer).toMatchObject({ accepted: 500, queued: 500 - invalid.length });
    expect(answer.invalid.map((entry) => entry.index)).toEqual(invalid);
  }

  // Settled: every input created or dead-lettered. Polled, since the queues drain on their own.
  const counts = await vi.waitFor(
    async () => {
      const now = await live.importer.get<ImportCounts>("/imports/spring");
      if (now.pending !== 0 || now.deadLettered !== 45) throw new Error(`not settled: ${JSON.stringify(now)}`);
      return now;
    },
    { timeout: 80_000, interval: 200 },
  );
  const elapsedMs = performance.now() - started;

  // Exactly one lead per creatable input, none for the others.
  const emails = live.intercom.fake.leads.map((lead) => (lead.body as { email: string }).email);
  const perEmail = new Map<string, number>();
  for (const email of emails) perEmail.set(email, (perEmail.get(email) ?? 0) + 1);
  const duplicates = [...perEmail.values()].filter((n) => n > 1).length;
  expect(duplicates).toBe(0);
  expect(emails.length).toBe(creatable.length);
  expect(new Set(emails)).toEqual(new Set(creatable.map((lead) => lead.email)));

  expect(counts).toMatchObject({
    accepted: 2_000,
    queued: 1_980,
    created: creatable.length,
    failed: 40,
    deadLettered: 45,
    pending: 0,
  });
  // Reconciled: at least every crashed delivery's lead (found by email on its redelivery); more for the
  // stored faults, whose count depends on which concurrent create reached the fake first.
  const storedFaults = live.intercom.injected.filter(({ fault }) => "stored" in fault && fault.stored).length;
  expect(counts.reconciled).toBeGreaterThanOrEqual(count("crash"));
  expect(counts.reconciled).toBeLessThanOrEqual(count("crash") + storedFaults);

  // The dead letters, readable: why, the input, the error.
  const { records, next } = await live.importer.get<{
    records: {
      reason: string;
      input: { email?: string };
      error: { status?: number; codes?: string[] } | null;
      attempts: number;
    }[];
    next: number | null;
  }>("/imports/spring/dead-letters");
  expect(next).toBeNull();
  const byReason = (reason: string) => records.filter((record) => record.reason === reason);
  expect(
    byReason("invalid")
      .map((record) => record.input.email)
      .sort(),
  ).toEqual(
    inputs
      .filter((_, i) => kindOf(i) === "invalid")
      .map((lead) => lead.email)
      .sort(),
  );
  expect(byReason("invalid")[0]?.error).toEqual({
    name: "LeadValidationError",
    message: "email: must be an email address",
    codes: ["email"],
  });
  expect(byReason("refused")).toHaveLength(20);
  expect(
    byReason("refused").every(
      (record) => record.error?.status === 400 && record.error.codes?.[0] === "parameter_invalid",
    ),
  ).toBe(true);
  expect(
    byReason("retries_exhausted")
      .map((record) => record.input.email)
      .sort(),
  ).toEqual(
    inputs
      .filter((_, i) => kindOf(i) === "down")
      .map((lead) => lead.email)
      .sort(),
  );
  // Each `down-` input was delivered 1 + maxRetries times; the last delivery's error is kept.
  expect(byReason("retries_exhausted").map((record) => [record.attempts, record.error?.status])).toEqual(
    Array.from({ length: 5 }, () => [MAX_RETRIES + 1, 503]),
  );

  const chaos = await live.importer.get<ChaosCounts>("/__chaos");
  // Every sabotage happened, once per input: a crash- input's record fails on whichever delivery creates it.
  expect(chaos).toMatchObject({
    redeliverSabotaged: count("redeliver"),
    crashes: count("crash"),
    batchThrows: count("throw"),
  });
  expect(chaos.redeliveries).toBeGreaterThanOrEqual(count("redeliver") + count("crash"));
  console.log(
    `2,000 inputs → ${emails.length} leads in the fake (${creatable.length} creatable), ${duplicates} duplicates, ` +
      `${counts.deadLettered} dead-lettered (20 invalid, 20 refused, 5 out of retries), ${chaos.redeliveries} redeliveries ` +
      `(${chaos.ackTurnedRetry} acks turned to retry, ${chaos.crashes} crashes before the record, ${chaos.batchThrows} batches thrown), ` +
      `${counts.reconciled} reconciled by email, ${live.intercom.injected.length} faults injected, ${chaos.batches} batches, ` +
      `${Math.round(elapsedMs)} ms`,
  );
});
