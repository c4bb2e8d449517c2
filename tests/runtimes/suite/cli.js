// Entry for the runtimes that run a file: Node, Deno and Bun. The runner passes the fake's URL and
// the token in the environment and reads the one result line from stdout.
import { RESULT_MARKER, runSuite, runtimeInfo } from "./suite.js";

/** @param {string} name */
function env(name) {
  const g = /** @type {any} */ (globalThis);
  const value = g.Deno ? g.Deno.env.get(name) : g.process?.env?.[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const results = await runSuite({ fakeUrl: env("RUNTIME_SUITE_FAKE_URL"), token: env("RUNTIME_SUITE_TOKEN") });
console.log(RESULT_MARKER + JSON.stringify({ runtime: runtimeInfo(), results }));
