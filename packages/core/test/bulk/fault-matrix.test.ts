import { afterEach, describe, expect, it } from "vitest";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeFault } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { createIntercom, type LeadResult } from "../../src/index.ts";

// Every fault the fake can inject, as a bulk import meets them.
const FAULTS: FakeFault[] = [
  { kind: "rate-limit" },
  { kind: "server-error", stored: true },
  { kind: "server-error", status: 503, stored: false },
  { kind: "html-502", stored: true },
  { kind: "html-502", stored: false },
  { kind: "slow", delayMs: 800, stored: true },
  { kind: "slow", delayMs: 800, stored: false },
  { kind: "drop-connection", stored: true },
  { kind: "drop-connection", stored: false },
];

/** A small seeded generator (xorshift32), so every run meets the same faults in the same places. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

describe("bulk fault matrix over HTTP", () => {
  let server: FakeIntercomServer | undefined;
  afterEach(async () => server?.close());

  it("1,000 inputs with every fault sprinkled through: exactly one lead per valid input", async () => {
    const fake = createFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 }, searchLagMs: 150 });
    // A seeded, uniform draw decides, for each create that arrives, whether a fault meets it
    // (fast-check's own arbitraries lean towards edge values, which would fault far more often).
    const random = xorshift(20261127);
    const injected = new Map<string, number>();
    server = await serveFakeIntercom(async (request) => {
      // Lookups fail now and then too: reconcile must look again, never conclude from a failed search.
      if (new URL(request.url).pathname === "/contacts/search" && random() < 0.1) {
        fake.inject({ kind: "server-error", status: 503, stored: false }, { route: "search" });
        injected.set("search:503", (injected.get("search:503") ?? 0) + 1);
      }
      if (request.method === "POST" && new URL(request.url).pathname === "/contacts") {
        if (random() < 0.08) {
          const fault = FAULTS[Math.floor(random() * FAULTS.length)]!;
          fake.inject(fault);
          const name = `${fault.kind}${"stored" in fault ? `:${fault.stored}` : ""}`;
          injected.set(name, (injected.get(name) ?? 0) + 1);
        }
      }
      return fake.fetch(request);
    });

    const inputs = Array.from({ length: 1000 }, (_, n) => (n % 97 === 13 ? { email: `not-an-email-${n}` } : { email: `lead${n}@example.com`, name: `Lead ${n}` }));
    const valid = inputs.filter((input) => input.email.includes("@"));
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: server.url, timeout: 400 });
    const results: LeadResult<(typeof inputs)[number], unknown>[] = [];
    for await (const result of intercom.createLeads(inputs, { concurrency: 16, reconcile: { waitMs: 3000, intervalMs: 100 } })) results.push(result);

    // Every fault kind was met at least once.
    expect([...injected.keys()].sort()).toEqual([...FAULTS.map((fault) => `${fault.kind}${"stored" in fault ? `:${fault.stored}` : ""}`), "search:503"].sort());
    // One result per input, none lost, none doubled.
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(inputs.map((_, n) => n));
    const failed = results.filter((result) => result.status === "failed");
    expect(failed.map((result) => result.input.email).sort()).toEqual(inputs.filter((input) => !input.email.includes("@")).map((input) => input.email).sort());
    expect(results.filter((result) => result.status === "created")).toHaveLength(valid.length);
    expect(results.some((result) => result.status === "created" && result.reconciled)).toBe(true);
    // The fake holds exactly one lead per valid input.
    const stored = fake.leads.map((lead) => lead.body.email).sort();
    expect(stored).toEqual(valid.map((input) => input.email).sort());
  }, 120_000);
});
