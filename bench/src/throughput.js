// @ts-check
/**
 * Throughput: `createLeads` against a bare `fetch` worker pool sending the same `POST /contacts`
 * requests (same URL, headers and bodies; checked by comparing the fake's digests of both), both at
 * the same concurrency, against the fake (no rate limit) in its own process. Rounds alternate which
 * one goes first; the fake is reset before every run. After one short untimed warm-up run of each, the
 * figure is the median throughput of each over the rounds, and their ratio.
 */
import { createIntercom } from "@intercom-leads/core";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import ky from "ky";
import { startFake } from "./fake-process.js";
import { leadInput } from "./leads.js";
import { median } from "./stats.js";

/** What core sends with every create (client/request.ts): a bare loop would send the same. */
const API_VERSION = "2.14";
/** Inputs of each untimed warm-up run. */
const WARM_UP = 500;

/** The headers core sends with every create, so every contender sends the same requests. */
const HEADERS = {
  accept: "application/json",
  authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
  "content-type": "application/json",
  "intercom-version": API_VERSION,
};

/**
 * A worker pool: `concurrency` workers take the next input, `post` it, and read the JSON answer.
 * @param {string} name
 * @param {readonly object[]} inputs
 * @param {number} concurrency
 * @param {(body: string) => Promise<Response>} post
 */
async function postLoop(name, inputs, concurrency, post) {
  let next = 0;
  let created = 0;
  async function worker() {
    while (next < inputs.length) {
      const input = inputs[next++];
      const response = await post(JSON.stringify({ ...input, role: "lead" }));
      const body = await response.json();
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}: ${JSON.stringify(body)}`);
      created++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return created;
}

/**
 * Bare `fetch`, the baseline.
 * @param {string} baseUrl
 * @param {readonly object[]} inputs
 * @param {number} concurrency
 */
function bareFetchLoop(baseUrl, inputs, concurrency) {
  const url = `${baseUrl}/contacts`;
  return postLoop("bare fetch", inputs, concurrency, (body) => fetch(url, { method: "POST", headers: HEADERS, body }));
}

/**
 * ky alone, as core uses it (retries and HTTP errors off): the floor any ky-based client starts
 * from, so the figure says what is ky's and what is ours.
 * @param {string} baseUrl
 * @param {readonly object[]} inputs
 * @param {number} concurrency
 */
function kyLoop(baseUrl, inputs, concurrency) {
  const api = ky.create({ prefixUrl: baseUrl, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000 });
  return postLoop("ky", inputs, concurrency, (body) => api.post("contacts", { headers: HEADERS, body }));
}

/**
 * No contender gets an abort signal (a signal costs a listener per request); the benchmark's
 * watchdog bounds the run instead.
 * @param {{ count: number, rounds: number, concurrency: number }} options
 */
export async function throughputBenchmark({ count, rounds, concurrency }) {
  const fake = await startFake({ rateLimit: false });
  try {
    const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: fake.url });
    const inputs = Array.from({ length: count }, (_, i) => leadInput(i, "throughput"));

    /** @type {Record<"ours" | "bare" | "ky", (inputs: readonly object[]) => Promise<number>>} */
    const contenders = {
      ours: async (some) => (await intercom.createLeads(some, { concurrency }).summary()).created,
      bare: (some) => bareFetchLoop(fake.url, some, concurrency),
      ky: (some) => kyLoop(fake.url, some, concurrency),
    };

    /**
     * One run on a fresh fake: leads per second, after checking every lead was stored once.
     * @param {"ours" | "bare" | "ky"} name
     * @param {readonly object[]} some
     */
    async function run(name, some = inputs) {
      await fake.reset();
      globalThis.gc?.();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const created = await contenders[name](some);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const stats = await fake.stats();
      const expected = some.length;
      if (created !== expected || stats.leads !== expected || stats.requests !== expected) {
        throw new Error(
          `${name}: ${created} reported, ${stats.leads} stored, ${stats.requests} requests; expected ${expected} of each`,
        );
      }
      // CPU time of this (the client's) process per request: far less sensitive than wall time to other load on the machine.
      return { ms, perSecond: expected / (ms / 1000), cpuMicrosPerRequest: (cpu.user + cpu.system) / expected };
    }

    // Warm-up, untimed: JIT, connections; and the proof that both send the same requests.
    const warmUp = inputs.slice(0, WARM_UP);
    await run("ours", warmUp);
    const oursDigest = await fake.digest();
    await run("bare", warmUp);
    const bareDigest = await fake.digest();
    await run("ky", warmUp);
    const kyDigest = await fake.digest();
    const sameRequests = oursDigest.sha256 === bareDigest.sha256 && kyDigest.sha256 === bareDigest.sha256;

    /** @type {{ round: number, order: string, ours: number, bare: number, ky: number, oursCpu: number, bareCpu: number, kyCpu: number }[]} */
    const table = [];
    /** @type {("ours" | "bare" | "ky")[][]} */
    const orders = [
      ["ours", "bare", "ky"],
      ["bare", "ky", "ours"],
      ["ky", "ours", "bare"],
    ];
    for (let round = 1; round <= rounds; round++) {
      const order = /** @type {("ours" | "bare" | "ky")[]} */ (orders[(round - 1) % orders.length]);
      const results = { ours: 0, bare: 0, ky: 0, oursCpu: 0, bareCpu: 0, kyCpu: 0 };
      for (const name of order) {
        const { perSecond, cpuMicrosPerRequest } = await run(name);
        results[name] = perSecond;
        results[`${name}Cpu`] = cpuMicrosPerRequest;
      }
      table.push({ round, order: order.join(" → "), ...results });
    }
    const oursMedian = median(table.map((row) => row.ours));
    const bareMedian = median(table.map((row) => row.bare));
    const kyMedian = median(table.map((row) => row.ky));
    return {
      count,
      rounds,
      concurrency,
      table,
      oursMedian,
      bareMedian,
      ratio: oursMedian / bareMedian,
      kyMedian,
      kyRatio: kyMedian / bareMedian,
      oursVsKy: oursMedian / kyMedian,
      kyCpuMedian: median(table.map((row) => row.kyCpu)),
      pairedRatioMedian: median(table.map((row) => row.ours / row.bare)),
      oursCpuMedian: median(table.map((row) => row.oursCpu)),
      bareCpuMedian: median(table.map((row) => row.bareCpu)),
      sameRequests,
      oursHeaders: oursDigest.headerNames,
      bareHeaders: bareDigest.headerNames,
    };
  } finally {
    await fake.close();
  }
}
