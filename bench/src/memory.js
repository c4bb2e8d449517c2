// @ts-check
/**
 * Memory: the CLI's peak resident set size importing NDJSON files of different sizes.
 *
 * Each file is generated in a temporary directory, then imported by the built CLI as a child process
 * (`intercom-leads import <file> --base-url <fake> --token … --concurrency 8`), started as
 * `node --import rss-hook.js <cli bin> …` so the CLI runs unchanged and reports
 * `process.resourceUsage().maxRSS` as it exits. Where `/usr/bin/time` exists, the same process is
 * run under it too, and its `%M` (peak RSS, KiB) is reported next to the hook's as a cross-check.
 * The fake (no rate limit) runs in its own process and is reset before each file.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { startFake } from "./fake-process.js";
import { writeNdjson } from "./leads.js";

const HOOK = fileURLToPath(new URL("./rss-hook.js", import.meta.url));
const CORE_IMPORTER = fileURLToPath(new URL("./core-import.js", import.meta.url));
const TIME = "/usr/bin/time";

/**
 * The CLI's built bin, or `undefined` when it is not built (or not installed).
 * @returns {Promise<string | undefined>}
 */
export async function findCliBin() {
  try {
    const manifestPath = fileURLToPath(import.meta.resolve("@intercom-leads/cli/package.json"));
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.["intercom-leads"];
    const path = bin ? resolve(dirname(manifestPath), bin) : undefined;
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one import as a child process and reports how it went.
 * @param {{ command: string[], rssFile: string, timeFile: string | undefined, timeoutMs: number }} run
 */
async function runImporter({ command, rssFile, timeFile, timeoutMs }) {
  const [file, ...args] = timeFile ? [TIME, "-f", "%M", "-o", timeFile, ...command] : command;
  const child = spawn(/** @type {string} */ (file), args, {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const started = performance.now();
  const [code, signal] = await once(child, "exit");
  const ms = performance.now() - started;
  clearTimeout(timer);
  const hook = existsSync(rssFile) ? JSON.parse(await readFile(rssFile, "utf8")) : undefined;
  const timeKiB =
    timeFile && existsSync(timeFile) ? Number((await readFile(timeFile, "utf8")).trim().split("\n").pop()) : undefined;
  return {
    code,
    signal,
    ms,
    stdout,
    stderr,
    maxRssKiB: hook?.maxRssKiB,
    peakHeapUsedKiB: hook?.peakHeapUsedKiB,
    peakHeapTotalKiB: hook?.peakHeapTotalKiB,
    cpuMs: hook?.cpuMs,
    timeKiB: Number.isFinite(timeKiB) ? timeKiB : undefined,
  };
}

/**
 * @param {{ sizes: number[], concurrency: number, timeoutMs: number, log: (line: string) => void }} options
 */
export async function memoryBenchmark({ sizes, concurrency, timeoutMs, log }) {
  const cliBin = await findCliBin();
  const useTime = existsSync(TIME);
  const dir = await mkdtemp(join(tmpdir(), "intercom-leads-bench-"));
  const fake = await startFake({ rateLimit: false });
  try {
    /** @type {{ rows: number, bytes: number, maxRssKiB: number, peakHeapUsedKiB: number, peakHeapTotalKiB: number, cpuMs: number, timeKiB: number | undefined, ms: number, stored: number, output: string }[]} */
    const runs = [];
    for (const rows of sizes) {
      const file = join(dir, `leads-${rows}.ndjson`);
      await writeNdjson(file, rows, `memory-${rows}`);
      const { size: bytes } = await stat(file);
      await fake.reset();
      const args = cliBin
        ? [
            cliBin,
            "import",
            file,
            "--base-url",
            fake.url,
            "--token",
            FAKE_INTERCOM_TOKEN,
            "--concurrency",
            String(concurrency),
          ]
        : [CORE_IMPORTER, file, fake.url, FAKE_INTERCOM_TOKEN, String(concurrency)];
      log(`  importing ${rows.toLocaleString("en-US")} rows with ${cliBin ? "the CLI" : "the core-only importer"}…`);
      const result = await runImporter({
        command: [process.execPath, "--import", HOOK, ...args],
        rssFile: join(dir, `rss-${rows}.json`),
        timeFile: useTime ? join(dir, `time-${rows}.txt`) : undefined,
        timeoutMs,
      });
      const stats = await fake.stats();
      if (result.code !== 0 || result.maxRssKiB === undefined) {
        throw new Error(
          `The import of ${rows} rows ended with ${result.signal ?? `exit code ${result.code}`}:\n${result.stdout}\n${result.stderr.slice(-2000)}`,
        );
      }
      if (stats.leads !== rows) throw new Error(`The import of ${rows} rows stored ${stats.leads} leads`);
      runs.push({
        rows,
        bytes,
        maxRssKiB: result.maxRssKiB,
        peakHeapUsedKiB: result.peakHeapUsedKiB,
        peakHeapTotalKiB: result.peakHeapTotalKiB,
        cpuMs: result.cpuMs,
        timeKiB: result.timeKiB,
        ms: result.ms,
        stored: stats.leads,
        output: result.stdout.trim(),
      });
    }
    const [small, large] = [runs[0], runs[runs.length - 1]];
    if (!small || !large) throw new Error("No memory run");
    return { importer: cliBin ? "cli" : "core", cliBin, runs, ratio: large.maxRssKiB / small.maxRssKiB, concurrency };
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
