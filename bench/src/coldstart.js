// @ts-check
/**
 * Worker cold start: two module Workers that create a lead from a browser's POST, bundled by esbuild
 * as a Worker (ESM, platform neutral, conditions workerd/worker/browser). Code behind a dynamic
 * `import()` goes to chunks of its own (esbuild code splitting), uploaded beside the Worker's main
 * module as further modules, so the Worker runs whole while its main module is what starts:
 * - *ours*: `fetch` is `createLeadHandler({ token, allowedOrigins, baseUrl })`;
 * - *intercom-client*: `fetch` parses the JSON body and calls `contacts.create({ ...input, role: "lead" })`,
 *   answering the lead as JSON.
 * Each round starts a fresh workerd per Worker through Miniflare (`new Miniflare({ modules: true, script })`)
 * and times it to the first answer: a real lead POST, through the Worker to the fake Intercom (its own
 * process, 127.0.0.1), answered. Rounds rotate which Worker goes first; each checks the answer and that
 * the fake stored exactly one lead. One untimed start of each comes first (disk caches).
 */
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { BUNDLE_TARGETS } from "./dynamic-import-external.js";
import { startFake } from "./fake-process.js";
import { compressedSizes } from "./size.js";
import { median } from "./stats.js";

/** As tests/runtimes/test/workerd.test.ts. */
const COMPATIBILITY_DATE = "2026-04-01";
const ORIGIN = "https://shop.example";
const WORKER_URL = "http://worker.test/api/intercom/contacts";

export const WORKERS = {
  ours: {
    label: "ours (`createLeadHandler`)",
    code: `import { createLeadHandler } from "@intercom-leads/core/server";
let handler;
export default {
  fetch(request, env) {
    handler ??= createLeadHandler({ token: env.TOKEN, allowedOrigins: [env.ORIGIN], baseUrl: env.FAKE_URL });
    return handler(request);
  },
};
`,
  },
  intercomClient: {
    label: "intercom-client",
    // Accept: intercom-client sends */* on contacts.create, which the fake refuses (406).
    code: `import { IntercomClient } from "intercom-client";
let client;
export default {
  async fetch(request, env) {
    client ??= new IntercomClient({ token: env.TOKEN, baseUrl: env.FAKE_URL, headers: { Accept: "application/json" } });
    const input = await request.json();
    const lead = await client.contacts.create({ ...input, role: "lead" });
    return Response.json(lead);
  },
};
`,
  },
};
/** @typedef {keyof typeof WORKERS} WorkerName */
/** @typedef {{ modules: number, raw: number, gzip: number, brotli: number }} ModuleSizes the sum over the modules, each compressed alone */
const NAMES = /** @type {WorkerName[]} */ (Object.keys(WORKERS));

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the Worker's modules are said to be: no file is written there. */
const MODULES_ROOT = "/worker";

/**
 * Bundles a Worker: its main module first, then the chunks; `initial` are the modules workerd must
 * evaluate to start it (the main module and what it imports statically), `lazy` the chunks only a
 * dynamic `import()` loads.
 * @param {string} code
 */
async function bundleWorker(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: HERE, sourcefile: "worker.js", loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    splitting: true,
    outdir: MODULES_ROOT,
    entryNames: "worker",
    metafile: true,
    logLevel: "silent",
    absWorkingDir: HERE,
    ...BUNDLE_TARGETS.worker,
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  if (entry === undefined) throw new Error("esbuild produced no entry");
  /** The outputs `path` needs at start: itself and its static imports, transitively. */
  const initial = new Set();
  const visit = (/** @type {string} */ path) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]?.imports ?? [])
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  visit(entry);
  /** The metafile's name of an output (relative to `absWorkingDir`). @param {import("esbuild").OutputFile} file */
  const key = (file) => relative(HERE, file.path);
  const files = [...result.outputFiles].sort((a, b) => Number(key(b) === entry) - Number(key(a) === entry));
  const initialFiles = files.filter((file) => initial.has(key(file)));
  const lazyFiles = files.filter((file) => !initial.has(key(file)));
  /** @param {import("esbuild").OutputFile[]} some */
  const sizes = (some) =>
    some
      .map((file) => compressedSizes(file.contents))
      .reduce(
        (sum, size) => ({ raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip, brotli: sum.brotli + size.brotli }),
        { raw: 0, gzip: 0, brotli: 0 },
      );
  return {
    modules: files.map((file) => ({
      type: /** @type {const} */ ("ESModule"),
      path: file.path,
      contents: file.contents,
    })),
    initial: { modules: initialFiles.length, ...sizes(initialFiles) },
    lazy: { modules: lazyFiles.length, ...sizes(lazyFiles) },
  };
}

/**
 * Starts the Worker in a fresh workerd and sends it one lead POST (then a second, warm).
 * @param {{ type: "ESModule", path: string, contents: Uint8Array }[]} modules
 * @param {string[]} compatibilityFlags
 * @param {string} fakeUrl
 * @param {string} email
 */
async function coldStart(modules, compatibilityFlags, fakeUrl, email) {
  const started = performance.now();
  const miniflare = new Miniflare({
    modules,
    modulesRoot: MODULES_ROOT,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags,
    bindings: { FAKE_URL: fakeUrl, TOKEN: FAKE_INTERCOM_TOKEN, ORIGIN },
  });
  try {
    await miniflare.ready;
    const ready = performance.now();
    /** @param {string} address */
    const post = async (address) => {
      const response = await miniflare.dispatchFetch(WORKER_URL, {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ email: address, name: "Cold Start" }),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, text: await response.text() };
    };
    const first = await post(email);
    const answered = performance.now();
    // Diagnostic: a second lead through the now-warm Worker.
    const second = await post(`second-${email}`);
    const warm = performance.now() - answered;
    return {
      totalMs: answered - started,
      readyMs: ready - started,
      firstRequestMs: answered - ready,
      warmMs: warm,
      first,
      second,
    };
  } finally {
    await miniflare.dispose();
  }
}

/** @param {{ rounds: number }} options */
export async function coldStartBenchmark({ rounds }) {
  /** @type {Record<WorkerName, Awaited<ReturnType<typeof bundleWorker>>>} */
  const bundles = /** @type {any} */ ({});
  for (const name of NAMES) bundles[name] = await bundleWorker(WORKERS[name].code);

  const fake = await startFake({ rateLimit: false });
  try {
    /** @type {Record<WorkerName, string[]>} */
    const flags = { ours: [], intercomClient: [] };
    /** @type {Partial<Record<WorkerName, string>>} */
    const withoutNodejsCompat = {};

    /**
     * One cold start on a fresh fake, checked.
     * @param {WorkerName} name
     * @param {string} tag
     */
    async function run(name, tag) {
      await fake.reset();
      const result = await coldStart(
        bundles[name].modules,
        flags[name],
        fake.url,
        `coldstart-${tag}-${name}@leads.example.com`,
      );
      for (const answer of [result.first, result.second]) {
        if (answer.status < 200 || answer.status > 299)
          throw new Error(`${name}: HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
        if (typeof JSON.parse(answer.text).id !== "string")
          throw new Error(`${name}: no lead id in ${answer.text.slice(0, 300)}`);
      }
      const stats = await fake.stats();
      if (stats.leads !== 2 || stats.requests !== 2)
        throw new Error(`${name}: ${stats.leads} leads stored from ${stats.requests} requests; expected 2 of each`);
      return result;
    }

    // Untimed first start of each; without nodejs_compat first, and with it only if needed.
    for (const name of NAMES) {
      try {
        await run(name, "warm-up");
      } catch (error) {
        withoutNodejsCompat[name] = error instanceof Error ? error.message.split("\n")[0] : String(error);
        flags[name] = ["nodejs_compat"];
        await run(name, "warm-up-compat");
      }
    }

    /** @type {{ round: number, order: string, results: Record<WorkerName, { totalMs: number, readyMs: number, firstRequestMs: number, warmMs: number }> }[]} */
    const table = [];
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? NAMES : [...NAMES].reverse();
      const results = /** @type {any} */ ({});
      for (const name of order) {
        const { totalMs, readyMs, firstRequestMs, warmMs } = await run(name, `round-${round}`);
        results[name] = { totalMs, readyMs, firstRequestMs, warmMs };
      }
      table.push({
        round,
        order: order.map((name) => WORKERS[name].label.replace(/ \(.*\)$/, "")).join(" → "),
        results,
      });
    }
    /** @param {WorkerName} name @param {"totalMs" | "readyMs" | "firstRequestMs" | "warmMs"} key */
    const med = (name, key) => median(table.map((row) => row.results[name][key]));
    const medians = Object.fromEntries(
      NAMES.map((name) => [
        name,
        {
          totalMs: med(name, "totalMs"),
          readyMs: med(name, "readyMs"),
          firstRequestMs: med(name, "firstRequestMs"),
          warmMs: med(name, "warmMs"),
        },
      ]),
    );
    return {
      rounds,
      compatibilityDate: COMPATIBILITY_DATE,
      bundles: /** @type {Record<WorkerName, { initial: ModuleSizes, lazy: ModuleSizes }>} */ (
        Object.fromEntries(NAMES.map((name) => [name, { initial: bundles[name].initial, lazy: bundles[name].lazy }]))
      ),
      flags,
      withoutNodejsCompat,
      table,
      medians:
        /** @type {Record<WorkerName, { totalMs: number, readyMs: number, firstRequestMs: number, warmMs: number }>} */ (
          medians
        ),
      ratio: med("ours", "totalMs") / med("intercomClient", "totalMs"),
      pairedRatio: median(table.map((row) => row.results.ours.totalMs / row.results.intercomClient.totalMs)),
      firstRequestRatio: med("ours", "firstRequestMs") / med("intercomClient", "firstRequestMs"),
      sizeRatio: bundles.ours.initial.gzip / bundles.intercomClient.initial.gzip,
    };
  } finally {
    await fake.close();
  }
}
