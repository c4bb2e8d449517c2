// @ts-check
/**
 * One latency contender's process (see `latencyBenchmark` in latency.js): argv is the contender's name and the two
 * servers' URLs; each message `{ server, n, tag }` asks for `n` sequential creates against that
 * server, timed here, and is answered with the time and CPU per call.
 */
import { contendersFor } from "./latency.js";
import { leadInput } from "./leads.js";

const [name, fakeUrl, minimalUrl] = process.argv.slice(2);
const creates = {
  fake: contendersFor(/** @type {string} */ (fakeUrl)),
  minimal: contendersFor(/** @type {string} */ (minimalUrl)),
};

process.on(
  "message",
  async (/** @type {{ server: "fake" | "minimal", n: number, tag: string }} */ { server, n, tag }) => {
    try {
      const createOne = creates[server][/** @type {import("./latency.js").Contender} */ (name)];
      const inputs = Array.from(
        { length: n },
        (_, i) => /** @type {Record<string, unknown>} */ (leadInput(i, `latency-${tag}`)),
      );
      globalThis.gc?.();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (const input of inputs) {
        const lead = /** @type {{ id?: unknown }} */ (await createOne(input));
        if (typeof lead?.id !== "string") throw new Error(`${name} (${server}): no lead id in ${JSON.stringify(lead)}`);
      }
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      process.send?.({ microsPerCall: (ms * 1000) / n, cpuMicrosPerCall: (cpu.user + cpu.system) / n });
    } catch (error) {
      process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  },
);
