// @ts-check
/**
 * Latency overhead: one lead at a time. Each contender sends `count` sequential creates (each awaited
 * before the next) to the fake Intercom in its own process on 127.0.0.1:
 * - *ours*: `createIntercom({ token, baseUrl }).createLead(input)`, one client reused;
 * - *intercom-client*: the official SDK, `new IntercomClient({ token, baseUrl, version: "2.14", headers: { Accept: "application/json" } })`,
 *   `contacts.create({ ...input, role: "lead" })` (its default `Accept: *\/*` gets a 406 from the fake);
 * - *ky alone*: one `ky.create({ prefix, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000, headers })`
 *   (ky configured as core configures it), `.post("contacts", { body }).json()`;
 * - *bare fetch*: the baseline, `fetch(url, { method: "POST", headers, body })` then `.json()`.
 * After an untimed warm-up run of each (which also records the first request each sent, to show
 * they send the same request), rounds run every contender once, rotating which goes first; the fake
 * is reset before every run, and each run checks the fake stored exactly `count` leads from `count`
 * requests. The figure is the median over the rounds of each contender's mean time per call.
 */
import { createIntercom } from "@intercom-leads/core";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/core/testing";
import { IntercomClient } from "intercom-client";
import ky from "ky";
import { startFake } from "./fake-process.js";
import { leadInput } from "./leads.js";
import { median } from "./stats.js";

/** The Intercom-Version our client sends by default; intercom-client 7 sends the same unless told otherwise. */
const API_VERSION = "2.14";

/** The headers our client sends with a create, so the hand-made contenders send the same. */
const HEADERS = {
  accept: "application/json",
  authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
  "content-type": "application/json",
  "intercom-version": API_VERSION,
};

/** The contenders, in the order of the report. */
export const CONTENDERS = /** @type {const} */ (["ours", "intercomClient", "ky", "bare"]);
/** @typedef {(typeof CONTENDERS)[number]} Contender */

export const CONTENDER_LABELS = {
  ours: "ours (`createLead`)",
  intercomClient: "intercom-client",
  ky: "ky alone",
  bare: "bare fetch",
};

/** The request headers worth comparing by value; the others are listed by name. */
const KEY_HEADERS = ["method", "path", "body", "accept", "authorization", "content-type", "intercom-version"];

/**
 * Compares a contender's first request with bare fetch's: the key parts by value, other headers by presence.
 * @param {import("./fake-process.js").SampleRequest} request
 * @param {import("./fake-process.js").SampleRequest} baseline
 */
function compareRequests(request, baseline) {
  /** @param {import("./fake-process.js").SampleRequest} r @param {string} key */
  const part = (r, key) => (key === "method" ? r.method : key === "path" ? r.path : key === "body" ? JSON.stringify(r.body) : r.headers[key]);
  const differentKeys = KEY_HEADERS.filter((key) => part(request, key) !== part(baseline, key));
  const extra = Object.keys(request.headers).filter((name) => !(name in baseline.headers)).sort();
  const missing = Object.keys(baseline.headers).filter((name) => !(name in request.headers)).sort();
  const otherDifferent = Object.keys(request.headers)
    .filter((name) => name in baseline.headers && !KEY_HEADERS.includes(name) && request.headers[name] !== baseline.headers[name])
    .sort();
  return {
    same: differentKeys.length === 0,
    differentKeys,
    extraHeaders: extra.map((name) => `${name}: ${request.headers[name]}`),
    missingHeaders: missing.map((name) => `${name}: ${baseline.headers[name]}`),
    otherDifferent: otherDifferent.map((name) => `${name}: ${request.headers[name]} (bare: ${baseline.headers[name]})`),
  };
}

/**
 * @param {{ count: number, rounds: number, warmUp: number }} options
 */
export async function latencyBenchmark({ count, rounds, warmUp }) {
  const fake = await startFake({ rateLimit: false });
  try {
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: fake.url });
    // intercom-client 7 sends `Accept: */*` on contacts.create, which the fake (as it says Intercom
    // does) refuses with 406; the client's `headers` option sets it to what the others send.
    const official = new IntercomClient({ token: FAKE_INTERCOM_TOKEN, baseUrl: fake.url, version: API_VERSION, headers: { Accept: "application/json" } });
    // Configured as core configures it (redirect: "manual" keeps a redirect from carrying the lead elsewhere;
    // a 20 s timeout), so that ours / ky alone is our own overhead only.
    const api = ky.create({ prefix: fake.url, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000, headers: HEADERS });
    const url = `${fake.url}/contacts`;

    /** @type {Record<Contender, (input: Record<string, unknown>) => Promise<unknown>>} */
    const createOne = {
      ours: (input) => intercom.createLead(/** @type {any} */ (input)),
      intercomClient: (input) => official.contacts.create(/** @type {any} */ ({ ...input, role: "lead" })),
      ky: async (input) => {
        const response = await api.post("contacts", { body: JSON.stringify({ ...input, role: "lead" }) });
        const body = await response.json();
        if (!response.ok) throw new Error(`ky: HTTP ${response.status}: ${JSON.stringify(body)}`);
        return body;
      },
      bare: async (input) => {
        const response = await fetch(url, { method: "POST", headers: HEADERS, body: JSON.stringify({ ...input, role: "lead" }) });
        const body = await response.json();
        if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}: ${JSON.stringify(body)}`);
        return body;
      },
    };

    /**
     * One run on a fresh fake: `n` sequential creates. Every contender sends the same inputs (the
     * fake forgets its leads between runs), so their requests can be compared byte for byte.
     * @param {Contender} name
     * @param {number} n
     * @param {string} tag
     */
    async function run(name, n, tag) {
      const inputs = Array.from({ length: n }, (_, i) => /** @type {Record<string, unknown>} */ (leadInput(i, `latency-${tag}`)));
      await fake.reset();
      globalThis.gc?.();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (const input of inputs) {
        const lead = /** @type {{ id?: unknown }} */ (await createOne[name](input));
        if (typeof lead?.id !== "string") throw new Error(`${name}: no lead id in ${JSON.stringify(lead)}`);
      }
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const stats = await fake.stats();
      if (stats.leads !== n || stats.requests !== n) throw new Error(`${name}: ${stats.leads} leads stored from ${stats.requests} requests; expected ${n} of each`);
      return { microsPerCall: (ms * 1000) / n, cpuMicrosPerCall: (cpu.user + cpu.system) / n };
    }

    // Warm-up, untimed: JIT, connections; and the first request of each, to compare them.
    /** @type {Partial<Record<Contender, import("./fake-process.js").SampleRequest>>} */
    const samples = {};
    for (const name of CONTENDERS) {
      await run(name, warmUp, "warm-up");
      const sample = await fake.sample();
      if (!sample) throw new Error(`${name}: the fake recorded no request`);
      samples[name] = sample;
    }
    const bareSample = /** @type {import("./fake-process.js").SampleRequest} */ (samples.bare);
    const requests = /** @type {Record<Contender, ReturnType<typeof compareRequests>>} */ (
      Object.fromEntries(CONTENDERS.map((name) => [name, compareRequests(/** @type {import("./fake-process.js").SampleRequest} */ (samples[name]), bareSample)]))
    );

    /** @type {{ round: number, order: string, micros: Record<Contender, number>, cpu: Record<Contender, number> }[]} */
    const table = [];
    for (let round = 1; round <= rounds; round++) {
      const shift = (round - 1) % CONTENDERS.length;
      const order = [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)];
      const micros = /** @type {Record<Contender, number>} */ ({});
      const cpu = /** @type {Record<Contender, number>} */ ({});
      for (const name of order) {
        const result = await run(name, count, `round-${round}`);
        micros[name] = result.microsPerCall;
        cpu[name] = result.cpuMicrosPerCall;
      }
      table.push({ round, order: order.map((name) => CONTENDER_LABELS[name].replace(/ \(.*\)$/, "")).join(" → "), micros, cpu });
    }

    /** @param {Contender} name */
    const medianMicros = (name) => median(table.map((row) => row.micros[name]));
    /** @param {Contender} name */
    const medianCpu = (name) => median(table.map((row) => row.cpu[name]));
    const medians = /** @type {Record<Contender, number>} */ (Object.fromEntries(CONTENDERS.map((name) => [name, medianMicros(name)])));
    const cpuMedians = /** @type {Record<Contender, number>} */ (Object.fromEntries(CONTENDERS.map((name) => [name, medianCpu(name)])));
    /** @param {Contender} name */
    const addedOverBare = (name) => median(table.map((row) => row.micros[name] - row.micros.bare));
    return {
      count,
      rounds,
      warmUp,
      apiVersion: API_VERSION,
      table,
      medians,
      cpuMedians,
      /** median over the rounds of (contender − bare fetch), µs per call */
      added: /** @type {Record<Contender, number>} */ (Object.fromEntries(CONTENDERS.map((name) => [name, addedOverBare(name)]))),
      oursVsKy: medians.ours / medians.ky,
      oursVsIntercomClient: medians.ours / medians.intercomClient,
      pairedOursVsKy: median(table.map((row) => row.micros.ours / row.micros.ky)),
      pairedOursVsIntercomClient: median(table.map((row) => row.micros.ours / row.micros.intercomClient)),
      requests,
      samples,
    };
  } finally {
    await fake.close();
  }
}
