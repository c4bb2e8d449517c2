// Entry for the runtimes that run a file: Node, Deno and Bun. The runner passes the fake's URL and
// the token in the environment and reads the one result line from stdout.
import { createServer } from "node:http";
import { toNodeListener } from "@intercom-leads/core/server/node";
import { RESULT_MARKER, runSuite, runtimeInfo } from "./suite.js";

/** @param {string} name */
function env(name) {
  const g = /** @type {any} */ (globalThis);
  const value = g.Deno ? g.Deno.env.get(name) : g.process?.env?.[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * Serves a fetch handler on 127.0.0.1 with the runtime's own server (`Deno.serve`, `Bun.serve`, Node's
 * `http` through `toNodeListener`), so it gets the client's address the way that runtime passes it.
 * @param {(request: Request, info?: object) => Promise<Response>} handler
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function serve(handler) {
  const g = /** @type {any} */ (globalThis);
  const runtime = runtimeInfo().name;
  if (runtime === "deno") {
    const server = g.Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
    return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
  }
  if (runtime === "bun") {
    const server = g.Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
    return { url: `http://127.0.0.1:${server.port}`, close: async () => server.stop(true) };
  }
  const server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

const results = await runSuite({
  fakeUrl: env("RUNTIME_SUITE_FAKE_URL"),
  token: env("RUNTIME_SUITE_TOKEN"),
  serve,
});
console.log(RESULT_MARKER + JSON.stringify({ runtime: runtimeInfo(), results }));
