// @ts-check
/** Turns the results into the "Bulk import" section of bench/BENCHMARKS.md, and writes it between its markers. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { count, fixed, mib, verdict } from "./stats.js";

export const START_MARKER = "<!-- bench:bulk:start -->";
export const END_MARKER = "<!-- bench:bulk:end -->";

/**
 * @typedef {object} Check
 * @property {string} name
 * @property {string} figure
 * @property {string} target
 * @property {boolean | undefined} ok `undefined` when the benchmark could not run
 */

/**
 * The figures with their targets, in the order of the issue.
 * @param {any} results
 * @returns {Check[]}
 */
export function checks({ rate, throughput, memory, settings }) {
  /** @type {Check[]} */
  const list = [];
  const failed = (/** @type {string} */ name, /** @type {string} */ target, /** @type {unknown} */ error) =>
    list.push({
      name,
      figure: `did not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      target,
      ok: undefined,
    });

  const rateName = `Rate: ${count(settings.rate.count)} leads, limit ${settings.rate.limit} per ${settings.rate.windowMs / 1000} s window, concurrency ${settings.rate.concurrency}`;
  if (rate.error) {
    failed(`${rateName}: share of the allowed rate`, "≥ 0.95", rate.error);
    failed(`${rateName}: 429s after the first window`, "0", rate.error);
  } else {
    const r = rate.value;
    list.push({
      name: `${rateName}: share of the allowed rate`,
      figure: `**${fixed(r.ratio, 3)}** (${count(r.created)} created in ${fixed(r.spanMs / 1000, 2)} s, first request to last = ${r.windows} windows; ${fixed(r.achievedPerSecond, 1)} leads/s vs ${r.allowedPerSecond} allowed)`,
      target: "≥ 0.95",
      ok: r.ratio >= 0.95 && r.exact,
    });
    list.push({
      name: `${rateName}: 429s after the first window`,
      figure: `**${r.tooManyAfterFirstWindow}** (${r.tooMany} in all)`,
      target: "0",
      ok: r.tooManyAfterFirstWindow === 0,
    });
  }

  const throughputName = `Throughput: ${count(settings.throughput.count)} creates, no limit, concurrency ${settings.throughput.concurrency}, createLeads vs bare fetch`;
  if (throughput.error) failed(throughputName, "≥ 0.90", throughput.error);
  else {
    const t = throughput.value;
    list.push({
      name: throughputName,
      figure: `**${fixed(t.ratio, 3)}** (medians of ${t.rounds} rounds: ${count(t.oursMedian)} vs ${count(t.bareMedian)} leads/s)`,
      target: "≥ 0.90",
      ok: t.ratio >= 0.9 && t.sameRequests,
    });
    list.push({
      name: "Throughput, same runs: ky alone (as core calls it) vs bare fetch",
      figure: `**${fixed(t.kyRatio, 3)}** (${count(t.kyMedian)} leads/s); createLeads vs ky alone: **${fixed(t.oursVsKy, 3)}**`,
      target: "diagnostic",
      ok: undefined,
    });
  }

  const memoryName = `Memory: ${memory.value?.importer === "core" ? "core-only NDJSON importer" : "CLI"} peak RSS, ${settings.memory.sizes.map(count).join(" vs ")} NDJSON rows`;
  if (memory.error) failed(memoryName, "≤ 1.20", memory.error);
  else {
    const m = memory.value;
    const [small, large] = [m.runs[0], m.runs[m.runs.length - 1]];
    list.push({
      name: memoryName,
      figure: `**${fixed(m.ratio, 3)}** (${mib(large.maxRssKiB)} vs ${mib(small.maxRssKiB)})`,
      target: "≤ 1.20",
      ok: m.ratio <= 1.2,
    });
  }
  return list;
}

/** @param {boolean | undefined} ok */
function result(ok) {
  return ok === undefined ? "not run" : verdict(ok);
}

/**
 * @param {any} results
 * @param {ReturnType<typeof import("./environment.js").describeEnvironment>} env
 * @param {{ command: string, totalMs: number, loadAverageEnd: number[] }} run
 */
export function markdownSection(results, env, run) {
  const { rate, throughput, memory, settings } = results;
  const lines = [
    START_MARKER,
    "## Bulk import",
    "",
    `Written by \`${run.command}\` on ${env.date}${env.commit ? ` at commit ${env.commit}` : ""}; the run took ${fixed(run.totalMs / 1000, 0)} s. Targets from issue 5.`,
    "",
    `- **Machine:** ${env.cpuModel}, ${env.cores} cores, ${fixed(env.memoryGiB, 1)} GiB memory; ${env.os}; load average (1 / 5 / 15 min) ${env.loadAverage.map((value) => fixed(value, 2)).join(" / ")} at the start, ${run.loadAverageEnd.map((value) => fixed(value, 2)).join(" / ")} at the end (other work on the machine slows the wall-clock figures).`,
    `- **Versions:** Node ${env.node}${env.pnpm ? `, pnpm ${env.pnpm}` : ""}; @intercom-leads/core ${env.core}, ky ${env.ky ?? "?"}${env.cli ? `, @intercom-leads/cli ${env.cli}` : ""}.`,
    "- **Setup:** the fake Intercom (`@intercom-leads/testing`, served by `serveFakeBackend`) runs in its own Node process on 127.0.0.1; the client runs in the benchmark's process (the CLI in its own). Nothing leaves the machine.",
    "",
    "| Figure | Result | Target | |",
    "| --- | --- | --- | --- |",
    ...checks(results).map(
      (check) =>
        `| ${check.name} | ${check.figure} | ${check.target} | ${check.target === "diagnostic" ? "—" : result(check.ok)} |`,
    ),
    "",
  ];

  lines.push("### Rate", "");
  if (rate.error) lines.push(`Did not run: \`${String(rate.error.message ?? rate.error).split("\n")[0]}\``, "");
  else {
    const r = rate.value;
    lines.push(
      `\`createLeads\` imports ${count(r.count)} leads at concurrency ${r.concurrency} against a fake allowing ${r.limit} requests per ${r.windowMs} ms window (fixed windows aligned on the clock, as Intercom's are). From the fake's request log: span = last request − first request = ${fixed(r.spanMs, 0)} ms, windows = ceil(span / ${r.windowMs} ms) = ${r.windows}, share = created / (limit × windows) = ${count(r.created)} / ${count(r.limit * r.windows)} = ${fixed(r.ratio, 3)}.`,
      "",
      `- Requests: ${count(r.requests)} (by status: ${Object.entries(r.statuses)
        .map(([status, n]) => `${status} × ${count(n)}`)
        .join(
          ", ",
        )}); leads stored: ${count(r.created)}; summary: ${r.summary.created} created, ${r.summary.failed} failed.`,
      `- 429 answers: ${r.tooMany} in all, ${r.tooManyAfterFirstWindow} after the first window (the one the first request fell in, before any \`X-RateLimit-*\` header was seen).`,
      `- Clock windows touched: ${r.windowsTouched}; most requests accepted in one window: ${r.maxAcceptedInAWindow} (limit ${r.limit}). Requests per clock window, in order: ${r.perWindow.join(", ")}.`,
      `- Plain rate over the span: ${fixed(r.achievedPerSecond, 1)} leads/s of ${r.allowedPerSecond} allowed (${fixed(r.achievedPerSecond / r.allowedPerSecond, 3)}); the share above counts whole windows instead, as the target does.`,
      `- Client-side elapsed: ${fixed(r.clientMs / 1000, 2)} s.`,
      "",
    );
  }

  lines.push("### Throughput", "");
  if (throughput.error)
    lines.push(`Did not run: \`${String(throughput.error.message ?? throughput.error).split("\n")[0]}\``, "");
  else {
    const t = throughput.value;
    lines.push(
      `${count(t.count)} creates per run at concurrency ${t.concurrency}, fake without a rate limit, reset before each run. *ours* = \`intercom.createLeads(inputs, { concurrency: ${t.concurrency} }).summary()\`; *bare* = ${t.concurrency} workers taking the next input and doing \`await (await fetch(url + "/contacts", { method: "POST", headers, body: JSON.stringify({ ...input, role: "lead" }) })).json()\`; *ky* = the same workers through \`ky.create({ prefixUrl, retry: 0, throwHttpErrors: false, redirect: "manual", timeout: 20_000 }).post("contacts", { headers, body })\`, ky configured as core configures it. One untimed warm-up run of each first; the fake's digest of every request (method, path, headers, body) was ${t.sameRequests ? "**identical**" : "**different**"} for the three. Rounds rotate which goes first; each run checks that the fake stored exactly ${count(t.count)} leads from ${count(t.count)} requests.`,
      "",
      "| Round | Order | ours (leads/s) | ky alone (leads/s) | bare fetch (leads/s) | ours / bare | ky / bare | client CPU per request, ours / ky / bare (µs) |",
      "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...t.table.map(
        (/** @type {any} */ row) =>
          `| ${row.round} | ${row.order} | ${count(row.ours)} | ${count(row.ky)} | ${count(row.bare)} | ${fixed(row.ours / row.bare, 3)} | ${fixed(row.ky / row.bare, 3)} | ${count(row.oursCpu)} / ${count(row.kyCpu)} / ${count(row.bareCpu)} |`,
      ),
      `| median | | ${count(t.oursMedian)} | ${count(t.kyMedian)} | ${count(t.bareMedian)} | **${fixed(t.ratio, 3)}** (ratio of medians; median of the per-round ratios: ${fixed(t.pairedRatioMedian, 3)}) | ${fixed(t.kyRatio, 3)} | ${count(t.oursCpuMedian)} / ${count(t.kyCpuMedian)} / ${count(t.bareCpuMedian)} |`,
      "",
      "The client CPU per request (this process's `process.cpuUsage()` over the run, divided by the requests) is a diagnostic, not a target: it varies much less than wall time when other work shares the machine.",
      "",
    );
  }

  lines.push("### Memory", "");
  if (memory.error) lines.push(`Did not run: \`${String(memory.error.message ?? memory.error).split("\n")[0]}\``, "");
  else {
    const m = memory.value;
    const how =
      m.importer === "cli"
        ? `the built CLI (\`node --import bench/src/rss-hook.js packages/cli/dist/bin.js import <file> --base-url <fake> --token <token> --concurrency ${m.concurrency}\`), a child process per file`
        : `**a core-only NDJSON importer (readline → createLeads), because the CLI was not built**, a child process per file`;
    lines.push(
      `Valid NDJSON rows generated in a temporary directory, each file imported by ${how}. Peak RSS is the importing process's \`process.resourceUsage().maxRSS\` at exit${m.runs.some((/** @type {any} */ run) => run.timeKiB !== undefined) ? ", with `/usr/bin/time -f %M` on the same process as a cross-check" : ""}. Each run checks the exit code and that the fake stored one lead per row.`,
      "",
      "| Rows | File | Peak RSS | `/usr/bin/time` %M | Peak V8 heap used / total | Elapsed | Leads/s | CPU per row |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...m.runs.map(
        (/** @type {any} */ run) =>
          `| ${count(run.rows)} | ${mib(run.bytes / 1024)} | ${mib(run.maxRssKiB)} | ${run.timeKiB === undefined ? "—" : mib(run.timeKiB)} | ${mib(run.peakHeapUsedKiB)} / ${mib(run.peakHeapTotalKiB)} | ${fixed(run.ms / 1000, 1)} s | ${count(run.rows / (run.ms / 1000))} | ${count((run.cpuMs * 1000) / run.rows)} µs |`,
      ),
      "",
      "The V8 heap (sampled every 250 ms) and the CPU time per row (user + system, whole process) are diagnostics, not targets.",
      "",
      `Ratio (largest / smallest): **${fixed(m.ratio, 3)}**.`,
      "",
    );
  }
  lines.push(
    `Settings: ${JSON.stringify(settings)}. Re-run with \`pnpm bench\` from the repository root (it builds the packages first); \`pnpm --filter @intercom-leads/bench start --quick\` is a smaller smoke run that leaves this file alone.`,
    END_MARKER,
  );
  return lines.join("\n");
}

/**
 * Writes `section` between the markers of `path` (by default the "Bulk import" section's), leaving
 * the rest of the file alone; a section not there yet is added at the end.
 * @param {string} path
 * @param {string} section
 * @param {{ start: string, end: string }} [markers]
 */
export function writeSection(path, section, markers = { start: START_MARKER, end: END_MARKER }) {
  const header =
    "# Benchmarks\n\nEach section is written by its benchmark, between its own markers; re-running one leaves the others alone.\n";
  const current = existsSync(path) ? readFileSync(path, "utf8") : header;
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end, start);
  const next =
    start !== -1 && end !== -1
      ? current.slice(0, start) + section + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
