// @ts-check
/**
 * Handler cost: what the public-page options (issue 13) add to each request through `createLeadHandler`.
 * Two handlers from the built package, in this process, each answering `count` sequential lead POSTs
 * (each awaited before the next) per round:
 * - *off*: `createLeadHandler({ token, allowedOrigins, fetch })`, the options a page-less proxy uses;
 * - *on*: the same with `verify: turnstile({ secretKey, fetch })`, `rateLimit: { requests, windowSeconds }`
 *   (the in-memory store, keyed on each request's address, 1,000 addresses in turn, limit never reached)
 *   and `honeypot`.
 * Intercom and Cloudflare's siteverify are canned in-process answers (a created contact; `success: true`),
 * so the figure is the handler's own work, not a network's: in production each verified lead also waits
 * for one siteverify round trip, which dwarfs both. Every request is checked (200, and siteverify was asked
 * once per request with the token it carried). After an untimed warm-up of each, rounds alternate which goes
 * first; the figure is the median over the rounds of each handler's mean µs per request, and their ratio.
 */
import { createLeadHandler, turnstile } from "@intercom-leads/core/server";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { median } from "./stats.js";

export const HANDLER_COST_MARKERS = {
  start: "<!-- bench:handler-cost:start -->",
  end: "<!-- bench:handler-cost:end -->",
};

const ORIGIN = "https://shop.example";
const SECRET = "0x4AAAAAAA-bench-secret";
const ADDRESSES = 1000;

/**
 * A created contact, as Intercom answers. Without `X-RateLimit-*` headers: with them the handler's client
 * spreads its creates over the window (its rate governor), and that pacing, not the handler, would be timed.
 */
function cannedIntercom() {
  let id = 0;
  return async (/** @type {Request} */ request) => {
    const input = await request.json();
    const now = Math.floor(Date.now() / 1000);
    return Response.json({
      type: "contact",
      id: String(++id).padStart(24, "0"),
      role: "lead",
      ...input,
      created_at: now,
      updated_at: now,
    });
  };
}

/** Cloudflare's siteverify, canned: every token passes, and the calls are counted. */
function cannedSiteverify() {
  const seen = { calls: 0, tokens: new Set() };
  const fetch = async (/** @type {Request} */ request) => {
    const form = new URLSearchParams(await request.text());
    seen.calls++;
    seen.tokens.add(form.get("response"));
    return Response.json({ success: true, "error-codes": [], hostname: "shop.example", action: "lead" });
  };
  return { seen, fetch };
}

/** @param {number} i */
function leadRequest(i, verified = false) {
  /** @type {Record<string, string>} */
  const headers = { origin: ORIGIN, "content-type": "application/json", accept: "application/json" };
  if (verified) headers["x-verification-token"] = `XXXX.bench-${i}`;
  return new Request("https://proxy.example/api/intercom/contacts", {
    method: "POST",
    headers,
    body: JSON.stringify({ email: `lead${i}@example.com`, name: `Lead ${i}`, website: "" }),
  });
}

/**
 * @param {{ count: number, rounds: number, warmUp: number }} options
 */
export async function handlerCostBenchmark({ count, rounds, warmUp }) {
  const siteverify = cannedSiteverify();
  const common = { token: FAKE_INTERCOM_TOKEN, baseUrl: "https://intercom.bench", allowedOrigins: [ORIGIN] };
  const handlers = {
    off: createLeadHandler({ ...common, fields: ["email", "name", "website"], fetch: cannedIntercom() }),
    on: createLeadHandler({
      ...common,
      fetch: cannedIntercom(),
      verify: turnstile({ secretKey: SECRET, fetch: siteverify.fetch }),
      rateLimit: { requests: 1_000_000_000, windowSeconds: 60 },
      honeypot: "website",
    }),
  };
  let sequence = 0;
  /** @param {"off" | "on"} name @param {number} n */
  async function run(name, n) {
    const handler = handlers[name];
    const callsBefore = siteverify.seen.calls;
    const started = performance.now();
    for (let k = 0; k < n; k++) {
      const i = sequence++;
      const response = await handler(leadRequest(i, name === "on"), {
        remoteAddr: { hostname: `198.51.100.${i % ADDRESSES}` },
      });
      if (response.status !== 200)
        throw new Error(`${name}: request ${i} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
    const micros = ((performance.now() - started) * 1000) / n;
    const calls = siteverify.seen.calls - callsBefore;
    if (calls !== (name === "on" ? n : 0))
      throw new Error(`${name}: siteverify asked ${calls} times for ${n} requests`);
    return micros;
  }
  await run("off", warmUp);
  await run("on", warmUp);
  /** @type {{ round: number, order: string, off: number, on: number }[]} */
  const table = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? ["off", "on"] : ["on", "off"];
    /** @type {Record<string, number>} */
    const micros = {};
    for (const name of order) micros[name] = await run(/** @type {"off" | "on"} */ (name), count);
    table.push({ round, order: order.join(" → "), off: micros.off ?? 0, on: micros.on ?? 0 });
  }
  const off = median(table.map((row) => row.off));
  const on = median(table.map((row) => row.on));
  return {
    count,
    rounds,
    warmUp,
    table,
    off,
    on,
    added: on - off,
    ratio: on / off,
    pairedRatio: median(table.map((row) => row.on / row.off)),
    siteverifyCalls: siteverify.seen.calls,
  };
}

/**
 * The "Handler cost with the public-page options" section of BENCHMARKS.md.
 * @param {{ value?: Awaited<ReturnType<typeof handlerCostBenchmark>>, error?: unknown }} outcome
 * @param {ReturnType<typeof import("./environment.js").describeEnvironment>} env
 */
export function handlerCostSection(outcome, env) {
  const lines = [
    HANDLER_COST_MARKERS.start,
    "## Handler cost with the public-page options",
    "",
    `- **Machine:** ${env.cpuModel}, ${env.cores} cores; Node ${env.node}; core ${env.core}. Written by \`pnpm bench\`.`,
    "- **What:** µs per lead POST through `createLeadHandler`, in one process, sequential: *off* = origin, fields and the create; *on* = the same with `verify: turnstile(…)`, `rateLimit` (the in-memory store, 1,000 client addresses, never refused) and `honeypot`. Intercom and Cloudflare's siteverify are canned in-process answers, so this is the handler's own work: in production a verified lead also waits one siteverify round trip (tens of ms), and every lead Intercom's answer.",
    "",
  ];
  if (outcome.error || !outcome.value)
    lines.push(
      `Did not run: \`${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}\``,
      "",
    );
  else {
    const h = outcome.value;
    const f = (/** @type {number} */ value, digits = 1) => value.toFixed(digits);
    lines.push(
      "| | off | on (verify + rateLimit + honeypot) | on / off |",
      "| --- | ---: | ---: | ---: |",
      `| µs per request (median of ${h.rounds} rounds of ${h.count}) | ${f(h.off)} | ${f(h.on)} | **${f(h.ratio, 3)}** (median of per-round ratios ${f(h.pairedRatio, 3)}) |`,
      `| added per request | | ${f(h.added)} µs | |`,
      "",
      "| Round | Order | off (µs) | on (µs) | on / off |",
      "| ---: | --- | ---: | ---: | ---: |",
      ...h.table.map(
        (row) => `| ${row.round} | ${row.order} | ${f(row.off)} | ${f(row.on)} | ${f(row.on / row.off, 3)} |`,
      ),
      "",
      `Every request answered 200; siteverify was asked once per verified request (${h.siteverifyCalls} in all, warm-ups included). Settings: ${JSON.stringify({ count: h.count, rounds: h.rounds, warmUp: h.warmUp })}.`,
      "",
    );
  }
  lines.push(HANDLER_COST_MARKERS.end);
  return lines.join("\n");
}
