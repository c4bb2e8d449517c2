// @ts-check
/**
 * Loaded with `node --import` in front of the CLI's own bin: at exit, writes the process's peak
 * resident set size (`process.resourceUsage().maxRSS`, in KiB) to the file `BENCH_RSS_FILE` names,
 * with the largest V8 heap seen (sampled every 250 ms) to tell a growing heap from other memory.
 * The CLI itself runs unchanged.
 */
import { writeFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";

const out = process.env.BENCH_RSS_FILE;
if (out) {
  let peakHeapUsed = 0;
  let peakHeapTotal = 0;
  const sample = () => {
    const heap = getHeapStatistics();
    peakHeapUsed = Math.max(peakHeapUsed, heap.used_heap_size);
    peakHeapTotal = Math.max(peakHeapTotal, heap.total_heap_size);
  };
  // Unref'd: sampling must never keep a finished CLI alive.
  setInterval(sample, 250).unref();
  process.on("exit", (code) => {
    sample();
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        peakHeapUsedKiB: Math.round(peakHeapUsed / 1024),
        peakHeapTotalKiB: Math.round(peakHeapTotal / 1024),
        exitCode: code,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      }),
    );
  });
}
