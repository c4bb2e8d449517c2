// @ts-check
/**
 * `pnpm bench`: the benchmarks of issue 5 (bulk import: rate-limit use, throughput against a bare
 * fetch loop, the CLI's peak memory) and of issue 6 (bundle sizes, latency overhead per create,
 * Worker cold start, React renders and requests), against the fake Intercom in its own process on
 * 127.0.0.1 (latency also against a minimal loopback server, to isolate the clients' overhead). Prints every figure with its target, then writes four sections of bench/BENCHMARKS.md, each
 * between its own markers: "Bulk import", "Size, latency, cold start and React", "Many isolates, one rate
 * window" and "Handler cost with the public-page options". A missed target
 * is reported, not an error: the exit code is 0 unless a benchmark could not run. `--quick` runs a
 * smaller version, and `--only=rate,throughput,memory,size,latency,coldstart,react,isolates,handler` a selection;
 * both leave bench/BENCHMARKS.md alone.
 *
 * Run it with `pnpm bench` from the repository root, which builds the packages first.
 */
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { coldStartBenchmark } from "./coldstart.js";
import { describeEnvironment } from "./environment.js";
import { HANDLER_COST_MARKERS, handlerCostBenchmark, handlerCostSection } from "./handler-cost.js";
import { ISOLATES_MARKERS, isolatesBenchmark, isolatesSection } from "./isolates.js";
import { CONTENDER_LABELS, CONTENDERS, latencyBenchmark, SERVER_LABELS, SERVERS } from "./latency.js";
import { memoryBenchmark } from "./memory.js";
import { kB, PERFORMANCE_MARKERS, performanceChecks, performanceSection } from "./performance-report.js";
import { rateBenchmark } from "./rate.js";
import { reactBenchmark } from "./react.js";
import { checks, markdownSection, writeSection } from "./report.js";
import { sizeBenchmark } from "./size.js";
import { count, fixed, mib } from "./stats.js";
import { throughputBenchmark } from "./throughput.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// bench/BENCHMARKS.md, beside the benchmarks that write it.
const OUTPUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));
const COMMAND = "pnpm bench";
const quick = process.argv.includes("--quick");
const NAMES = ["rate", "throughput", "memory", "size", "latency", "coldstart", "react", "isolates", "handler"];
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const unknown = only?.filter((name) => !NAMES.includes(name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark ${unknown.join(", ")}: --only= takes ${NAMES.join(", ")}\n`);
  process.exit(2);
}
const partial = quick || only !== undefined;
/** Every benchmark stops by itself; this only ends a run that hangs. */
const WATCHDOG_MS = 10 * 60_000;

const settings = quick
  ? {
      rate: { count: 300, limit: 100, windowMs: 1000, concurrency: 8 },
      throughput: { count: 500, rounds: 3, concurrency: 8 },
      memory: { sizes: [1_000, 5_000], concurrency: 8 },
      latency: { count: 100, rounds: 3, warmUp: 200 },
      coldstart: { rounds: 3 },
      react: { rounds: 2 },
      isolates: { isolates: 4, perIsolate: 50, concurrency: 8, limit: 50, windowMs: 1000, rounds: 1 },
      handler: { count: 300, rounds: 3, warmUp: 300 },
    }
  : {
      rate: { count: 2_000, limit: 100, windowMs: 1000, concurrency: 8 },
      throughput: { count: 2_000, rounds: 5, concurrency: 8 },
      memory: { sizes: [10_000, 100_000], concurrency: 8 },
      latency: { count: 300, rounds: 11, warmUp: 1000 },
      coldstart: { rounds: 7 },
      react: { rounds: 5 },
      isolates: { isolates: 4, perIsolate: 100, concurrency: 8, limit: 50, windowMs: 1000, rounds: 3 },
      handler: { count: 2000, rounds: 9, warmUp: 2000 },
    };

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/**
 * @template T
 * @param {string} name as `--only=` names it
 * @param {string} title
 * @param {() => Promise<T>} run
 * @returns {Promise<{ value: T, error?: undefined } | { value?: undefined, error: unknown }>}
 */
async function attempt(name, title, run) {
  if (only && !only.includes(name)) return { error: new Error("skipped (--only)") };
  log(`\n▶ ${title}`);
  const started = performance.now();
  try {
    const value = await run();
    log(`  done in ${fixed((performance.now() - started) / 1000, 1)} s`);
    return { value };
  } catch (error) {
    log(`  FAILED to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { error };
  }
}

const watchdog = setTimeout(() => {
  log(`\nThe benchmark has run for ${WATCHDOG_MS / 60_000} minutes: stopping it.`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

const started = performance.now();
const env = describeEnvironment(ROOT);
log(
  `Benchmarks${quick ? " (quick: smaller sizes)" : ""}${only ? ` (only ${only.join(", ")})` : ""}${partial ? "; bench/BENCHMARKS.md left alone" : ""}`,
);
log(
  `${env.cpuModel}, ${env.cores} cores, ${fixed(env.memoryGiB, 1)} GiB; Node ${env.node}; core ${env.core}, ky ${env.ky}; load average ${env.loadAverage.map((value) => fixed(value, 2)).join(" ")}`,
);

const rate = await attempt(
  "rate",
  `Rate: ${count(settings.rate.count)} leads against a limit of ${settings.rate.limit} per ${settings.rate.windowMs} ms window`,
  () => rateBenchmark({ ...settings.rate, timeoutMs: 120_000 }),
);
if (rate.value) {
  const r = rate.value;
  log(`  requests per clock window: ${r.perWindow.join(" ")}`);
  log(
    `  ${count(r.created)} created in ${fixed(r.spanMs / 1000, 2)} s (${r.windows} windows): share ${fixed(r.ratio, 3)}, ${fixed(r.achievedPerSecond, 1)}/s vs ${r.allowedPerSecond}/s; 429s: ${r.tooMany} (${r.tooManyAfterFirstWindow} after the first window)`,
  );
}

const throughput = await attempt(
  "throughput",
  `Throughput: ${count(settings.throughput.count)} creates × ${settings.throughput.rounds} rounds, createLeads vs bare fetch, concurrency ${settings.throughput.concurrency}`,
  () => throughputBenchmark(settings.throughput),
);
if (throughput.value) {
  const t = throughput.value;
  for (const row of t.table) {
    log(
      `  round ${row.round} (${row.order}): ours ${count(row.ours)}/s, bare ${count(row.bare)}/s (client CPU per request: ${count(row.oursCpu)} µs vs ${count(row.bareCpu)} µs)`,
    );
  }
  log(
    `  medians: ours ${count(t.oursMedian)}/s, bare ${count(t.bareMedian)}/s, ratio ${fixed(t.ratio, 3)} (median of per-round ratios ${fixed(t.pairedRatioMedian, 3)}); same requests: ${t.sameRequests}`,
  );
  log(`  client CPU per request (medians): ours ${count(t.oursCpuMedian)} µs, bare ${count(t.bareCpuMedian)} µs`);
}

const memory = await attempt(
  "memory",
  `Memory: peak RSS importing ${settings.memory.sizes.map(count).join(" and ")} NDJSON rows`,
  () => memoryBenchmark({ ...settings.memory, timeoutMs: 5 * 60_000, log }),
);
if (memory.value) {
  for (const run of memory.value.runs) {
    log(
      `  ${count(run.rows)} rows: peak RSS ${mib(run.maxRssKiB)}${run.timeKiB ? ` (time: ${mib(run.timeKiB)})` : ""}, peak heap used ${mib(run.peakHeapUsedKiB)} of ${mib(run.peakHeapTotalKiB)}, ${fixed(run.ms / 1000, 1)} s`,
    );
  }
}

const size = await attempt(
  "size",
  "Size: one-call programs bundled by esbuild, gzip and brotli; the size-limit budgets",
  () => sizeBenchmark(),
);
if (size.value) {
  for (const entry of size.value.sizes) {
    log(
      `  ${entry.label}: ${count(entry.raw)} B minified, ${count(entry.gzip)} B gzip, ${count(entry.brotli)} B brotli`,
    );
  }
  const limits = size.value.sizeLimit;
  if (Array.isArray(limits))
    for (const check of limits)
      log(
        `  pnpm size: ${check.name}: ${kB(check.size)} of ${kB(check.sizeLimit)} (${check.passed ? "pass" : "FAIL"})`,
      );
  else log(`  pnpm size did not run: ${limits.error}`);
}

const latency = await attempt(
  "latency",
  `Latency: ${count(settings.latency.count)} sequential creates × ${settings.latency.rounds} rounds: ours, intercom-client, ky alone, bare fetch; against the fake Intercom and a minimal loopback server`,
  () => latencyBenchmark(settings.latency),
);
if (latency.value) {
  const l = latency.value;
  const perServer = { fake: l, minimal: l.minimal };
  for (const server of SERVERS) {
    const f = perServer[server];
    log(`  ${SERVER_LABELS[server]}${server === "fake" ? " (the issue's figure)" : ""}:`);
    for (const row of f.table)
      log(
        `    round ${row.round} (${row.order}): ${CONTENDERS.map((name) => `${name} ${count(row.micros[name])}`).join(", ")} µs/call`,
      );
    log(
      `    medians: ${CONTENDERS.map((name) => `${CONTENDER_LABELS[name]} ${count(f.medians[name])} µs (CPU ${count(f.cpuMedians[name])} µs)`).join(", ")}`,
    );
    log(
      `    ours / ky ${fixed(f.oursVsKy, 3)} (target ≤ 1.05), ours / intercom-client ${fixed(f.oursVsIntercomClient, 3)} (target ≤ 1.00)`,
    );
    log(
      `    added over bare: ${CONTENDERS.filter((name) => name !== "bare")
        .map((name) => `${name} ${count(f.added[name])} µs`)
        .join(", ")}; / bare fetch: ${CONTENDERS.map((name) => `${name} ${fixed(f.vsBare[name], 3)}`).join(", ")}`,
    );
    for (const name of CONTENDERS) {
      const r = f.requests[name];
      if (!r.same || r.extraHeaders.length > 0)
        log(
          `    ${name} vs bare: ${r.same ? "same key parts" : `differs in ${r.differentKeys.join(", ")}`}; extra headers: ${r.extraHeaders.join(", ") || "none"}`,
        );
    }
  }
}

const coldstart = await attempt(
  "coldstart",
  `Cold start: Workers in workerd (Miniflare), ${settings.coldstart.rounds} rounds, ours vs intercom-client`,
  () => coldStartBenchmark(settings.coldstart),
);
if (coldstart.value) {
  const c = coldstart.value;
  for (const name of /** @type {const} */ (["ours", "intercomClient"])) {
    log(
      `  ${name}: initial ${count(c.bundles[name].initial.raw)} B (${count(c.bundles[name].initial.gzip)} B gzip), cold start ${fixed(c.medians[name].totalMs, 1)} ms (ready ${fixed(c.medians[name].readyMs, 1)} ms), flags: ${c.flags[name].join(", ") || "none"}`,
    );
  }
  log(`  ours / intercom-client: ${fixed(c.ratio, 3)}`);
}

const react = await attempt(
  "react",
  `React: form renders and requests, useCreateLead vs useMutation + fetch, ${settings.react.rounds} rounds`,
  () => reactBenchmark({ ...settings.react, timeoutMs: 5 * 60_000 }),
);
if (react.value) {
  const r = react.value;
  log(
    `  one submission: renders ${r.single.ours.renders} vs ${r.single.handWritten.renders} (${r.single.ours.sequences.join("; ")}), requests ${r.single.ours.requests} vs ${r.single.handWritten.requests}`,
  );
  log(
    `  double click: renders ${r.double.ours.renders} vs ${r.double.handWritten.renders}, requests ${r.double.ours.requests} vs ${r.double.handWritten.requests}`,
  );
}

const isolates = await attempt(
  "isolates",
  `Isolates: ${settings.isolates.isolates} Workers × ${settings.isolates.perIsolate} leads against ${settings.isolates.limit} per ${settings.isolates.windowMs} ms window, shared governor vs per-isolate, ${settings.isolates.rounds} rounds`,
  () => isolatesBenchmark(settings.isolates),
);
if (isolates.value) {
  const i = isolates.value;
  for (const [mode, t] of /** @type {const} */ ([
    ["shared", i.shared],
    ["per-isolate", i.perIsolate],
  ]))
    log(
      `  ${mode}: ${t.created} of ${t.inputs} created, ${t.sent} requests, 429s ${t.tooMany}, overruns ${t.overruns}, window use ${fixed(t.meanUse * 100, 1)}% (min ${fixed(t.minUse * 100, 1)}%), duplicates ${t.duplicates}, lost ${t.lost}, fallbacks ${t.fallbacks}`,
    );
  log(
    `  window use shared / per-isolate: ${fixed(i.useRatio, 3)}; created / requests, shared / per-isolate: ${fixed(i.usefulRatio, 3)}`,
  );
  const s = i.shared;
  const met = s.overruns === 0 && s.tooMany === 0 && s.minUse >= 0.95 && s.duplicates === 0 && s.lost === 0;
  log(`  [${met ? "PASS" : "FAIL"}] shared: 0 overruns, 0 429s, every full window ≥ 95% used, 0 duplicates, 0 lost`);
}

const handler = await attempt(
  "handler",
  `Handler cost: ${count(settings.handler.count)} sequential lead POSTs × ${settings.handler.rounds} rounds through createLeadHandler, verify + rateLimit + honeypot on vs off`,
  () => handlerCostBenchmark(settings.handler),
);
if (handler.value) {
  const h = handler.value;
  for (const row of h.table)
    log(`  round ${row.round} (${row.order}): off ${fixed(row.off, 1)} µs, on ${fixed(row.on, 1)} µs per request`);
  log(
    `  medians: off ${fixed(h.off, 1)} µs, on ${fixed(h.on, 1)} µs; on / off ${fixed(h.ratio, 3)} (median of per-round ratios ${fixed(h.pairedRatio, 3)}), ${fixed(h.added, 1)} µs added per request`,
  );
}

const results = { rate, throughput, memory, settings };
const performance6 = { size, latency, coldstart, react, settings };
const totalMs = performance.now() - started;
log("\nResults");
for (const check of [...checks(results), ...performanceChecks(performance6)]) {
  if (
    check.figure === "not run (--only)" ||
    (check.ok === undefined && check.figure.startsWith("did not run: skipped (--only)"))
  )
    continue;
  const mark = check.target === "diagnostic" ? "INFO" : check.ok === undefined ? "NOT RUN" : check.ok ? "PASS" : "FAIL";
  log(`  [${mark}] ${check.name}: ${check.figure.replaceAll("**", "")} (target ${check.target})`);
}
log(`Total: ${fixed(totalMs / 1000, 0)} s`);

if (partial) log("\nPartial run: bench/BENCHMARKS.md left alone.");
else {
  const run = { command: COMMAND, totalMs, loadAverageEnd: loadavg() };
  writeSection(OUTPUT, markdownSection(results, env, run));
  writeSection(OUTPUT, performanceSection(performance6, env, run), PERFORMANCE_MARKERS);
  writeSection(OUTPUT, isolatesSection(isolates, env), ISOLATES_MARKERS);
  writeSection(OUTPUT, handlerCostSection(handler, env), HANDLER_COST_MARKERS);
  log(
    `\nWritten: ${OUTPUT} (sections "Bulk import", "Size, latency, cold start and React" and "Many isolates, one rate window" and "Handler cost with the public-page options")`,
  );
}
process.exitCode = [rate, throughput, memory, size, latency, coldstart, react, isolates, handler].some(
  (outcome) => outcome.error && !String(outcome.error).includes("skipped (--only)"),
)
  ? 1
  : 0;
