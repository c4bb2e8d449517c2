// @ts-check
/**
 * React: renders of a sign-up form through one submission, and requests sent, with `useCreateLead`
 * against a hand-written `useMutation` + `fetch` form; also after a double click. The work runs in a
 * child process (`react-render.js`, jsdom) so jsdom's globals never reach the other benchmarks.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./react-render.js", import.meta.url));

/**
 * @typedef {object} ReactCase
 * @property {number} renders median renders of the form component, mount to settled
 * @property {number[]} rendersAll per round
 * @property {string[]} sequences the statuses at each render, collapsed (`idle → pending ×2 → success`)
 * @property {number} requests median POSTs the handler received
 * @property {number[]} requestsAll per round
 * @property {number} upstream median requests the fake Intercom received
 * @property {number} leads median leads the fake stored
 * @property {number} settledMs median time from the first click to settled
 */

/**
 * @param {{ rounds: number, timeoutMs: number }} options
 * @returns {Promise<{ rounds: number, addedOrigin: boolean, handlerOtherRequests: number, single: { ours: ReactCase, handWritten: ReactCase }, double: { ours: ReactCase, handWritten: ReactCase }, versions: { react: string } }>}
 */
export async function reactBenchmark({ rounds, timeoutMs }) {
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ rounds })], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await once(child, "exit");
  clearTimeout(timer);
  const line = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) {
    throw new Error(`react-render.js exited with ${code ?? signal}: ${(stderr || stdout).trim().split("\n").slice(-15).join("\n")}`);
  }
  return JSON.parse(line);
}
