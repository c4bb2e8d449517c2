// @ts-check
/** Starts `fake-server.js` (the fake Intercom, or the minimal server) in a child process and talks to it through its control routes. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./fake-server.js", import.meta.url));
const START_TIMEOUT_MS = 15_000;

/**
 * @typedef {object} FakeStats
 * @property {number} requests every request the fake received
 * @property {number} leads leads it stores
 * @property {Record<string, number>} statuses requests by answer status
 * @property {[number, number | null, string, string][]} [log] `[at ms, status, method, path]` per request, in arrival order
 */

/**
 * @typedef {object} SampleRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers lower-case names, less the connection's (host, content-length…)
 * @property {unknown} body the parsed JSON body
 * @property {number | null} status
 */

/**
 * @typedef {object} FakeProcess
 * @property {string} url the fake's origin, a loopback address
 * @property {number} pid the server process's id
 * @property {(log?: boolean) => Promise<FakeStats>} stats
 * @property {() => Promise<{ requests: number, sha256: string, headerNames: string[] }>} digest
 * @property {() => Promise<SampleRequest | null>} sample the first request since the last reset
 * @property {() => Promise<void>} reset
 * @property {() => Promise<void>} close
 */

/** @typedef {import("@intercom-leads/testing/node").FakeControlState} FakeControlState */

/**
 * The control routes' state as the benchmarks count it: requests by status, and the log as tuples.
 * @param {FakeControlState} state
 * @param {boolean} log
 * @returns {FakeStats}
 */
function statsOf(state, log) {
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const status of state.statuses) {
    const key = String(status ?? "none");
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    requests: state.requests.length,
    leads: state.leads,
    statuses,
    ...(log
      ? {
          log: state.requests.map(
            (request) =>
              /** @type {[number, number | null, string, string]} */ ([
                request.at,
                request.status,
                request.method,
                request.path,
              ]),
          ),
        }
      : {}),
  };
}

/**
 * @param {{ rateLimit: { limit: number, windowMs: number } | false, fixed?: boolean }} options `fixed: true` starts the
 *   minimal server instead of the fake (canned answers to `POST /contacts`; see `fake-server.js`)
 * @returns {Promise<FakeProcess>}
 */
export async function startFake(options) {
  const child = spawn(process.execPath, [SERVER, JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = once(child, "exit");
  const lines = createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stdout) });
  const timer = setTimeout(() => child.kill(), START_TIMEOUT_MS);
  /** @type {string | undefined} */
  let url;
  try {
    for await (const line of lines) {
      url = JSON.parse(line).url;
      break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (typeof url !== "string") throw new Error("The fake Intercom process did not start");
  const origin = url;

  /** @param {"GET" | "POST"} method @param {string} path */
  async function control(method, path) {
    const response = await fetch(`${origin}/__control/${path}`, { method });
    if (!response.ok) throw new Error(`Fake control ${method} ${path}: HTTP ${response.status}`);
    return response.json();
  }

  return {
    url: origin,
    pid: /** @type {number} */ (child.pid),
    stats: async (log = false) => statsOf(/** @type {FakeControlState} */ (await control("GET", "state")), log),
    digest: () => control("GET", "digest"),
    sample: () => control("GET", "sample"),
    reset: async () => {
      await control("POST", "reset");
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await control("POST", "close").catch(() => child.kill());
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
