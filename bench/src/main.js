// @ts-check
/**
 * The bulk-import benchmark of issue 5: rate-limit use, throughput against a bare fetch loop, and
 * the CLI's peak memory, all against the fake Intercom in its own process on 127.0.0.1. Prints every
 * figure with its target, then writes the "Bulk import" section of BENCHMARKS.md (between its
 * markers). A missed target is reported, not an error: the exit code is 0 unless a benchmark could
 * not run. `--quick` runs a smaller version, and `--only=rate,throughput,memory` a selection; both
 * leave BENCHMARKS.md alone.
 *
 * Run it with `pnpm bench` from the repository root, which builds the packages first.
 */
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { describeEnvironment } from "./environment.js";
import { memoryBenchmark } from "./memory.js";
import { rateBenchmark } from "./rate.js";
import { checks, markdownSection, writeSection } from "./report.js";
import { throughputBenchmark } from "./throughput.js";
import { count, fixed, mib } from "./stats.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUTPUT = `${ROOT}BENCHMARKS.md`;
const COMMAND = "pnpm bench";
const quick = process.argv.includes("--quick");
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const partial = quick || only !== undefined;
/** Every benchmark stops by itself; this only ends a run that hangs. */
const WATCHDOG_MS = 10 * 60_000;

const settings = quick
  ? {
      rate: { count: 300, limit: 100, windowMs: 1000, concurrency: 8 },
      throughput: { count: 500, rounds: 3, concurrency: 8 },
      memory: { sizes: [1_000, 5_000], concurrency: 8 },
    }
  : {
      rate: { count: 2_000, limit: 100, windowMs: 1000, concurrency: 8 },
      throughput: { count: 2_000, rounds: 5, concurrency: 8 },
      memory: { sizes: [10_000, 100_000], concurrency: 8 },
    };

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/**
 * @template T
 * @param {string} title
 * @param {() => Promise<T>} run
 * @returns {Promise<{ value: T, error?: undefined } | { value?: undefined, error: unknown }>}
 */
async function attempt(title, run) {
  const name = title.split(":")[0]?.toLowerCase() ?? "";
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
log(`Bulk-import benchmark${quick ? " (quick: smaller sizes)" : ""}${only ? ` (only ${only.join(", ")})` : ""}${partial ? "; BENCHMARKS.md left alone" : ""}`);
log(`${env.cpuModel}, ${env.cores} cores, ${fixed(env.memoryGiB, 1)} GiB; Node ${env.node}; core ${env.core}, ky ${env.ky}; load average ${env.loadAverage.map((value) => fixed(value, 2)).join(" ")}`);

const rate = await attempt(
  `Rate: ${count(settings.rate.count)} leads against a limit of ${settings.rate.limit} per ${settings.rate.windowMs} ms window`,
  () => rateBenchmark({ ...settings.rate, timeoutMs: 120_000 }),
);
if (rate.value) {
  const r = rate.value;
  log(`  requests per clock window: ${r.perWindow.join(" ")}`);
  log(`  ${count(r.created)} created in ${fixed(r.spanMs / 1000, 2)} s (${r.windows} windows): share ${fixed(r.ratio, 3)}, ${fixed(r.achievedPerSecond, 1)}/s vs ${r.allowedPerSecond}/s; 429s: ${r.tooMany} (${r.tooManyAfterFirstWindow} after the first window)`);
}

const throughput = await attempt(
  `Throughput: ${count(settings.throughput.count)} creates × ${settings.throughput.rounds} rounds, createLeads vs bare fetch, concurrency ${settings.throughput.concurrency}`,
  () => throughputBenchmark(settings.throughput),
);
if (throughput.value) {
  const t = throughput.value;
  for (const row of t.table) {
    log(`  round ${row.round} (${row.order}): ours ${count(row.ours)}/s, bare ${count(row.bare)}/s (client CPU per request: ${count(row.oursCpu)} µs vs ${count(row.bareCpu)} µs)`);
  }
  log(`  medians: ours ${count(t.oursMedian)}/s, bare ${count(t.bareMedian)}/s, ratio ${fixed(t.ratio, 3)} (median of per-round ratios ${fixed(t.pairedRatioMedian, 3)}); same requests: ${t.sameRequests}`);
  log(`  client CPU per request (medians): ours ${count(t.oursCpuMedian)} µs, bare ${count(t.bareCpuMedian)} µs`);
}

const memory = await attempt(`Memory: peak RSS importing ${settings.memory.sizes.map(count).join(" and ")} NDJSON rows`, () =>
  memoryBenchmark({ ...settings.memory, timeoutMs: 5 * 60_000, log }),
);
if (memory.value) {
  for (const run of memory.value.runs) {
    log(
      `  ${count(run.rows)} rows: peak RSS ${mib(run.maxRssKiB)}${run.timeKiB ? ` (time: ${mib(run.timeKiB)})` : ""}, peak heap used ${mib(run.peakHeapUsedKiB)} of ${mib(run.peakHeapTotalKiB)}, ${fixed(run.ms / 1000, 1)} s`,
    );
  }
}

const results = { rate, throughput, memory, settings };
const totalMs = performance.now() - started;
log("\nResults");
for (const check of checks(results)) {
  const mark = check.target === "diagnostic" ? "INFO" : check.ok === undefined ? "NOT RUN" : check.ok ? "PASS" : "FAIL";
  log(`  [${mark}] ${check.name}: ${check.figure.replaceAll("**", "")} (target ${check.target})`);
}
log(`Total: ${fixed(totalMs / 1000, 0)} s`);

if (partial) log("\nPartial run: BENCHMARKS.md left alone.");
else {
  writeSection(OUTPUT, markdownSection(results, env, { command: COMMAND, totalMs, loadAverageEnd: loadavg() }));
  log(`\nWritten: ${OUTPUT} (section "Bulk import")`);
}
process.exitCode = [rate, throughput, memory].some((outcome) => outcome.error && !String(outcome.error).includes("skipped (--only)")) ? 1 : 0;
