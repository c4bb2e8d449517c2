// @ts-check
// What every test that runs a Worker in workerd through Miniflare shares: the compatibility date, the options
// of one module Worker, and reading its JSON answers. Plain JavaScript, so that `pnpm bench` (plain node)
// runs it unbuilt as well as the tests do; its types are in workerd.d.ts.

/** Durable Object RPC needs 2024-04-03 or later; one date for every workerd test. */
export const WORKERD_COMPATIBILITY_DATE = "2026-04-01";

/**
 * Miniflare's options for one module Worker running `script`, with `options` added. No nodejs_compat:
 * the packages must run on plain Workers APIs.
 * @template {object} T
 * @param {string} script
 * @param {T} [options]
 */
export function moduleWorker(script, options) {
  return { modules: /** @type {const} */ (true), script, compatibilityDate: WORKERD_COMPATIBILITY_DATE, ...options };
}

/**
 * A Worker's answer as parsed JSON; any status but 200 throws, naming `label` and quoting the body.
 * @param {{ status: number, text(): Promise<string> }} response
 * @param {string} label
 * @returns {Promise<any>}
 */
export async function jsonAnswer(response, label) {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${label} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * POSTs `body` as JSON to `url` with `fetcher` (a Miniflare's `dispatchFetch`, a Worker's `fetch`) and
 * answers the parsed JSON, as `jsonAnswer` reads it.
 * @param {import("./workerd.d.ts").Fetcher} fetcher
 * @param {string} url
 * @param {unknown} body
 * @returns {Promise<any>}
 */
export async function postJson(fetcher, url, body) {
  const response = await fetcher(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return jsonAnswer(response, url);
}
