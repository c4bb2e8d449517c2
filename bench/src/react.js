// @ts-check
/**
 * React: renders of a sign-up form through one submission, and requests sent, with `useCreateLead`
 * against a hand-written `useMutation` + `fetch` form; also after a double click. The work runs in a
 * child process (`react-render.js`, jsdom) so jsdom's globals never reach the other benchmarks.
 */
import { fileURLToPath } from "node:url";
import { runInChild } from "./child.js";

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
  return runInChild(CHILD, { rounds }, timeoutMs);
}
