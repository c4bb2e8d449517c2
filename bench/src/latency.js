// @ts-check
/**
 * Latency overhead: one lead at a time. Each contender sends `count` sequential creates (each awaited
 * before the next) to a server in its own process on 127.0.0.1: the fake Intercom, and (same rounds,
 * the figures reported apart) a minimal server that answers every create with a canned contact, so
 * that the clients' own overhead is not drowned by the fake's work (see `SERVERS`):
 * - *ours*: `createIntercom({ token, baseUrl }).createLead(input)`, one client reused;
 * - *intercom-client*: the official SDK, `new IntercomClient({ token, baseUrl, version: "2.14", headers: { Accept: "application/json" } })`,
 *   `contacts.create({ ...input, role: "lead" })` (its default `Accept: *\/*` gets a 406 from the fake);
 * - *ky alone*: one `ky.create({ prefixUrl, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000, headers })`
 *   (ky configured as core configures it), `.post("contacts", { body }).json()`;
 * - *bare fetch*: the baseline, `fetch(url, { method: "POST", headers, body })` then `.json()`.
 * Each contender runs in a process of its own for the whole benchmark (`latency-contender.js`), so its
 * code is optimised for its own calls only, as in an app; the rounds stay interleaved in time.
 * After an untimed warm-up run of each (which also records the first request each sent, to show
 * they send the same request), rounds run every contender once on each server, rotating which goes
 * first; the server is reset before every run, and each run checks it stored (the minimal server:
 * answered) exactly `count` leads from `count` requests. The figure is the median over the rounds of
 * each contender's mean time per call.
 */

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createIntercom } from "@intercom-leads/core";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { IntercomClient } from "intercom-client";
import ky from "ky";
import { startFake } from "./fake-process.js";
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

const WORKER = fileURLToPath(new URL("./latency-contender.js", import.meta.url));

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
  const part = (r, key) =>
    key === "method" ? r.method : key === "path" ? r.path : key === "body" ? JSON.stringify(r.body) : r.headers[key];
  const differentKeys = KEY_HEADERS.filter((key) => part(request, key) !== part(baseline, key));
  const extra = Object.keys(request.headers)
    .filter((name) => !(name in baseline.headers))
    .sort();
  const missing = Object.keys(baseline.headers)
    .filter((name) => !(name in request.headers))
    .sort();
  const otherDifferent = Object.keys(request.headers)
    .filter(
      (name) =>
        name in baseline.headers && !KEY_HEADERS.includes(name) && request.headers[name] !== baseline.headers[name],
    )
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
 * The servers, in the order of the report. The fake Intercom is the issue's figure ("sequential creates
 * against the fake Intercom served on localhost"), but its own work per create (validation, storage, a
 * contact built and serialised: a millisecond or two) dominates every contender's time and so flattens the
 * ratios. The minimal server (`fake-server.js` with `fixed: true`: a canned contact straight from
 * `node:http`) leaves little but the client and the loopback round trip, so its ratios show the
 * clients' own overhead.
 */
export const SERVERS = /** @type {const} */ (["fake", "minimal"]);
/** @typedef {(typeof SERVERS)[number]} Server */

export const SERVER_LABELS = {
  fake: "fake Intercom",
  minimal: "minimal loopback server (client overhead isolated)",
};

/**
 * Each contender's create, set up against `baseUrl` as the module comment says.
 * @param {string} baseUrl
 * @returns {Record<Contender, (input: Record<string, unknown>) => Promise<unknown>>}
 */
export function contendersFor(baseUrl) {
  const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl });
  // intercom-client 7 sends `Accept: */*` on contacts.create, which the fake (as it says Intercom
  // does) refuses with 406; the client's `headers` option sets it to what the others send.
  const official = new IntercomClient({
    token: FAKE_INTERCOM_TOKEN,
    baseUrl,
    version: API_VERSION,
    headers: { Accept: "application/json" },
  });
  // Configured as core configures it (redirect: "manual" keeps a redirect from carrying the lead elsewhere;
  // a 20 s timeout), so that ours / ky alone is our own overhead only.
  const api = ky.create({
    prefixUrl: baseUrl,
    retry: 0,
    throwHttpErrors: false,
    redirect: "manual",
    timeout: 20_000,
    headers: HEADERS,
  });
  const url = `${baseUrl}/contacts`;
  return {
    ours: (input) => intercom.createLead(/** @type {any} */ (input)),
    intercomClient: (input) => official.contacts.create(/** @type {any} */ ({ ...input, role: "lead" })),
    ky: async (input) => {
      const response = await api.post("contacts", { body: JSON.stringify({ ...input, role: "lead" }) });
      const body = await response.json();
      if (!response.ok) throw new Error(`ky: HTTP ${response.status}: ${JSON.stringify(body)}`);
      return body;
    },
    bare: async (input) => {
      const response = await fetch(url, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({ ...input, role: "lead" }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}: ${JSON.stringify(body)}`);
      return body;
    },
  };
}

/**
 * @typedef {{ round: number, order: string, micros: Record<Contender, number>, cpu: Record<Contender, number> }} Row
 */

/**
 * One server's figures from its rounds and the first request of each contender.
 * @param {Row[]} table
 * @param {Record<Contender, import("./fake-process.js").SampleRequest>} samples
 */
function summarise(table, samples) {
  /** @param {(name: Contender) => number} of */
  const perContender = (of) =>
    /** @type {Record<Contender, number>} */ (Object.fromEntries(CONTENDERS.map((name) => [name, of(name)])));
  const medians = perContender((name) => median(table.map((row) => row.micros[name])));
  const cpuMedians = perContender((name) => median(table.map((row) => row.cpu[name])));
  return {
    table,
    medians,
    cpuMedians,
    /** median over the rounds of (contender − bare fetch), µs per call */
    added: perContender((name) => median(table.map((row) => row.micros[name] - row.micros.bare))),
    /** median of each contender / median of bare fetch */
    vsBare: perContender((name) => medians[name] / medians.bare),
    oursVsKy: medians.ours / medians.ky,
    oursVsIntercomClient: medians.ours / medians.intercomClient,
    pairedOursVsKy: median(table.map((row) => row.micros.ours / row.micros.ky)),
    pairedOursVsIntercomClient: median(table.map((row) => row.micros.ours / row.micros.intercomClient)),
    requests: /** @type {Record<Contender, ReturnType<typeof compareRequests>>} */ (
      Object.fromEntries(CONTENDERS.map((name) => [name, compareRequests(samples[name], samples.bare)]))
    ),
    samples,
  };
}

/**
 * Runs the same rounds against both servers (each round: both servers, alternating which goes first,
 * and on each all four contenders in that round's order). The fake's figures are at the top level of
 * the result, as before; the minimal server's are under `minimal`, in the same shape.
 * @param {{ count: number, rounds: number, warmUp: number }} options
 */
export async function latencyBenchmark({ count, rounds, warmUp }) {
  /** @type {Partial<Record<Server, import("./fake-process.js").FakeProcess>>} */
  const started = {};
  /** @type {Partial<Record<Contender, import("node:child_process").ChildProcess>>} */
  const workers = {};
  try {
    started.fake = await startFake({ rateLimit: false });
    started.minimal = await startFake({ rateLimit: false, fixed: true });
    const processes = /** @type {Record<Server, import("./fake-process.js").FakeProcess>} */ (started);
    // One process per contender, kept for the whole benchmark: each client's code is optimised for
    // its own calls alone, as in an app, rather than sharing ky's (and fetch's) call sites with the
    // other contenders in one process, which made whichever ran later pay for the others' shapes.
    for (const name of CONTENDERS) {
      workers[name] = fork(WORKER, [name, processes.fake.url, processes.minimal.url], {
        execArgv: ["--expose-gc"],
        stdio: "inherit",
      });
    }

    /**
     * One run on a freshly reset server: `n` sequential creates, timed in the contender's process.
     * Every contender sends the same inputs (the fake forgets its leads between runs), so their
     * requests can be compared byte for byte.
     * @param {Server} server
     * @param {Contender} name
     * @param {number} n
     * @param {string} tag
     */
    async function run(server, name, n, tag) {
      const target = processes[server];
      await target.reset();
      const result = await ask(/** @type {import("node:child_process").ChildProcess} */ (workers[name]), {
        server,
        n,
        tag,
      });
      const stats = await target.stats();
      if (stats.leads !== n || stats.requests !== n)
        throw new Error(
          `${name} (${server}): ${stats.leads} leads stored from ${stats.requests} requests; expected ${n} of each`,
        );
      return result;
    }

    // Warm-up, untimed: JIT, connections; and the first request of each, to compare them.
    const samples = /** @type {Record<Server, Record<Contender, import("./fake-process.js").SampleRequest>>} */ ({
      fake: {},
      minimal: {},
    });
    for (const server of SERVERS) {
      for (const name of CONTENDERS) {
        await run(server, name, warmUp, "warm-up");
        const sample = await processes[server].sample();
        if (!sample) throw new Error(`${name} (${server}): the server recorded no request`);
        samples[server][name] = sample;
      }
    }

    /** @type {Record<Server, Row[]>} */
    const tables = { fake: [], minimal: [] };
    for (let round = 1; round <= rounds; round++) {
      const shift = (round - 1) % CONTENDERS.length;
      const order = [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)];
      const serverOrder = round % 2 === 1 ? SERVERS : [...SERVERS].reverse();
      for (const server of serverOrder) {
        const micros = /** @type {Record<Contender, number>} */ ({});
        const cpu = /** @type {Record<Contender, number>} */ ({});
        for (const name of order) {
          const result = await run(server, name, count, `round-${round}`);
          micros[name] = result.microsPerCall;
          cpu[name] = result.cpuMicrosPerCall;
        }
        tables[server].push({
          round,
          order: order.map((name) => CONTENDER_LABELS[name].replace(/ \(.*\)$/, "")).join(" → "),
          micros,
          cpu,
        });
      }
    }

    return {
      count,
      rounds,
      warmUp,
      apiVersion: API_VERSION,
      ...summarise(tables.fake, samples.fake),
      minimal: summarise(tables.minimal, samples.minimal),
    };
  } finally {
    for (const worker of Object.values(workers)) worker.kill();
    await Promise.all(Object.values(started).map((server) => server.close()));
  }
}

/**
 * Asks a contender's process for one timed run and waits for its answer.
 * @param {import("node:child_process").ChildProcess} worker
 * @param {{ server: Server, n: number, tag: string }} job
 * @returns {Promise<{ microsPerCall: number, cpuMicrosPerCall: number }>}
 */
function ask(worker, job) {
  return new Promise((resolve, reject) => {
    /** @param {any} message */
    const onMessage = (message) => {
      worker.off("exit", onExit);
      if (message.error) reject(new Error(message.error));
      else resolve(message);
    };
    /** @param {number | null} code */
    const onExit = (code) => {
      worker.off("message", onMessage);
      reject(new Error(`a latency contender exited with ${code}`));
    };
    worker.once("message", onMessage);
    worker.once("exit", onExit);
    worker.send(job);
  });
}
