// @ts-check
/**
 * Isolates: how much of one Intercom rate window several Worker isolates use, sharing the Durable
 * Object governor (`durableGovernor`) or each with its client's own governor. The run itself is the
 * governor's workerd test's (packages/cloudflare/test/governor-support/multi-isolate.js): `isolates`
 * client Workers, each its own script and so its own isolate in workerd (Miniflare), importing
 * `perIsolate` leads at once with `createLeads`, against the fake Intercom on 127.0.0.1 with `limit`
 * per `windowMs` window. From the fake's request log, per run: window use = leads accepted in a window /
 * limit, over the windows between the first and the last (the first and last are partial); overruns =
 * requests beyond the limit in a window; 429s; duplicates and lost leads from what the fake stored.
 * Rounds alternate which mode goes first.
 */
import { runIsolates } from "../../packages/cloudflare/test/governor-support/multi-isolate.js";
import { fixed } from "./stats.js";

export const ISOLATES_MARKERS = { start: "<!-- bench:isolates:start -->", end: "<!-- bench:isolates:end -->" };

/** @typedef {Awaited<ReturnType<typeof runIsolates>>} IsolatesRun */

/**
 * @param {readonly IsolatesRun[]} runs
 */
function total(runs) {
  const sum = (/** @type {(run: IsolatesRun) => number} */ pick) => runs.reduce((all, run) => all + pick(run), 0);
  const use = runs.flatMap((run) => run.fullWindowUse);
  const created = sum((run) => run.created);
  const sent = sum((run) => run.sent);
  return {
    inputs: sum((run) => run.inputs),
    created,
    sent,
    tooMany: sum((run) => run.tooMany),
    overruns: sum((run) => run.overruns),
    duplicates: sum((run) => run.duplicates),
    lost: sum((run) => run.lost),
    fallbacks: sum((run) => run.events.length),
    fullWindows: use.length,
    meanUse: use.reduce((all, share) => all + share, 0) / use.length,
    minUse: Math.min(...use),
    /** Requests that stored a lead, of all sent: what the 429s cost. */
    usefulShare: created / sent,
    seconds: sum((run) => run.ms) / 1000,
  };
}

/**
 * @param {{ isolates: number, perIsolate: number, concurrency: number, limit: number, windowMs: number, rounds: number }} options
 */
export async function isolatesBenchmark({ rounds, ...run }) {
  /** @type {IsolatesRun[]} */
  const shared = [];
  /** @type {IsolatesRun[]} */
  const perIsolate = [];
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? ["shared", "per-isolate"] : ["per-isolate", "shared"]) {
      const result = await runIsolates({ ...run, shared: mode === "shared" });
      (mode === "shared" ? shared : perIsolate).push(result);
    }
  }
  const sharedTotal = total(shared);
  const perIsolateTotal = total(perIsolate);
  return {
    settings: { ...run, rounds },
    shared: sharedTotal,
    perIsolate: perIsolateTotal,
    perWindow: { shared: shared.map((r) => r.perWindow), perIsolate: perIsolate.map((r) => r.perWindow) },
    /** Window use, shared / per-isolate. */
    useRatio: sharedTotal.meanUse / perIsolateTotal.meanUse,
    /** Requests that stored a lead of all sent, shared / per-isolate. */
    usefulRatio: sharedTotal.usefulShare / perIsolateTotal.usefulShare,
  };
}

/** @typedef {Awaited<ReturnType<typeof isolatesBenchmark>>} IsolatesResult */

/**
 * The "Many isolates, one rate window" section of BENCHMARKS.md.
 * @param {{ value?: IsolatesResult, error?: unknown }} outcome
 * @param {{ cpuModel: string, cores: number, node: string }} env
 */
export function isolatesSection(outcome, env) {
  const lines = [ISOLATES_MARKERS.start, "", "## Many isolates, one rate window", ""];
  const r = outcome.value;
  if (!r) {
    lines.push(`Did not run: \`${String(outcome.error).split("\n")[0]}\``, "", ISOLATES_MARKERS.end);
    return lines.join("\n");
  }
  const { settings } = r;
  const row = (/** @type {string} */ name, /** @type {ReturnType<typeof total>} */ t) =>
    `| ${name} | ${t.created} of ${t.inputs} | ${t.sent} | ${t.tooMany} | ${t.overruns} | ${fixed(t.meanUse * 100, 1)}% (min ${fixed(t.minUse * 100, 1)}%, ${t.fullWindows} windows) | ${fixed(t.usefulShare, 3)} | ${t.duplicates} | ${t.lost} | ${t.fallbacks} |`;
  lines.push(
    `${settings.isolates} client Workers, each its own script and so its own isolate in workerd (Miniflare), each importing ${settings.perIsolate} leads with \`createLeads\` (concurrency ${settings.concurrency}) at the same time, against the fake Intercom on 127.0.0.1 allowing ${settings.limit} requests per ${settings.windowMs / 1000} s window; ${settings.rounds} rounds of each mode, alternating which goes first. *Shared*: every client's \`governor\` is \`durableGovernor(env.INTERCOM_GOVERNOR)\`, one \`IntercomRateGovernor\` object. *Per-isolate*: no \`governor\` option, each client paces itself from the \`X-RateLimit-*\` headers it sees. Window use = leads accepted in a window / ${settings.limit}, over the full windows (the ones between each run's first and last); overruns = requests beyond ${settings.limit} in one window.`,
    "",
    "| mode | leads created | requests | 429s | overruns | window use, mean | created / requests | duplicates | lost | fallbacks |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    row("shared (`durableGovernor`)", r.shared),
    row("per-isolate", r.perIsolate),
    "",
    `- **Window use, shared / per-isolate: ${fixed(r.useRatio, 3)}**; requests that stored a lead, shared / per-isolate: ${fixed(r.usefulRatio, 3)}. Targets (issue 15), shared: 0 overruns, 0 429s, ≥ 95% of each window used, 0 duplicates, 0 lost.`,
    `- Requests per window, shared: ${r.perWindow.shared.map((w) => w.join(" ")).join(" / ")}; per-isolate: ${r.perWindow.perIsolate.map((w) => w.join(" ")).join(" / ")}.`,
    `- ${env.cpuModel}, ${env.cores} cores, Node ${env.node}. The same run is asserted by \`packages/cloudflare/test/governor-isolates.test.ts\`.`,
    "",
    ISOLATES_MARKERS.end,
  );
  return lines.join("\n");
}
