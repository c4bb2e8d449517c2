// @ts-check
/**
 * The one behavioural suite every runtime runs: plain ESM JavaScript over the packages' public
 * entry points and `fetch`, so Node, Deno, Bun, workerd and Chromium all load it as it is.
 *
 * It talks to the fake Intercom served by ../harness/serve.ts over real HTTP and reads what the
 * fake stored through the harness's control routes (`/__control/*`), which exist only in tests.
 * It never throws: every case becomes `{ name, ok, detail }`, and the runner asserts on them.
 */
import { createIntercom, IntercomApiError, isIntercomError, LeadValidationError } from "@intercom-leads/core";

/** The cases, in the order they run and report; runners assert this exact list. */
export const CASE_NAMES = Object.freeze([
  "create a lead",
  "typed API error",
  "429 waited out",
  "validation error",
  "handler end to end",
  "handler verifier",
  "handler rate limit",
]);

/** What runners look for on stdout, followed by the JSON report on the same line. */
export const RESULT_MARKER = "@@runtime-suite-result@@ ";

const ALLOWED_ORIGIN = "https://shop.example";
const DISALLOWED_ORIGIN = "https://evil.example";

/** Which runtime this is, from inside it. Deno and Bun also define `process`, so they are asked first. */
export function runtimeInfo() {
  const g = /** @type {any} */ (globalThis);
  if (g.Deno?.version?.deno) return { name: "deno", version: String(g.Deno.version.deno) };
  if (g.Bun?.version) return { name: "bun", version: String(g.Bun.version) };
  if (g.navigator?.userAgent === "Cloudflare-Workers") return { name: "workerd", version: "Cloudflare-Workers" };
  if (g.process?.versions?.node && g.process?.release?.name === "node")
    return { name: "node", version: String(g.process.version) };
  if (typeof g.window === "object" && typeof g.document === "object")
    return { name: "browser", version: String(g.navigator?.userAgent) };
  return { name: "unknown", version: "" };
}

class CheckFailed extends Error {
  /** @override */
  name = "CheckFailed";
}

/**
 * @param {unknown} condition
 * @param {string} message
 * @returns {asserts condition}
 */
function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

/** @param {unknown} value */
function show(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** @param {unknown} a @param {unknown} b */
function same(a, b) {
  return show(a) === show(b);
}

/** @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return `threw a non-Error: ${show(error)}`;
  const e = /** @type {any} */ (error);
  const fields = ["status", "code", "issues"]
    .filter((key) => e[key] !== undefined)
    .map((key) => `${key}=${show(e[key])}`);
  const cause = e.cause instanceof Error ? ` (cause: ${e.cause.name}: ${e.cause.message})` : "";
  return `${error.name}: ${error.message}${fields.length ? ` [${fields.join(" ")}]` : ""}${cause}`;
}

/**
 * Calls a control route of the test harness.
 * @param {string} fakeUrl
 * @param {"reset" | "inject" | "state"} route
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function control(fakeUrl, route, body) {
  const init =
    route === "state"
      ? { method: "GET" }
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) };
  const response = await fetch(new URL(`/__control/${route}`, fakeUrl), init);
  const text = await response.text();
  if (!response.ok) throw new Error(`control route ${route} answered ${response.status}: ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

/**
 * What the fake saw since the last reset, checked against what the case expects.
 * @param {string} fakeUrl
 * @param {{ leads: number, statuses: number[] }} expected
 */
async function expectFakeState(fakeUrl, expected) {
  const state = await control(fakeUrl, "state");
  check(
    state.leads === expected.leads && same(state.statuses, expected.statuses),
    `the fake should hold ${expected.leads} lead(s) after statuses ${show(expected.statuses)}, ` +
      `but holds ${state.leads} after ${show(state.requests)}`,
  );
  return state;
}

/**
 * @param {any} lead
 * @param {string} email
 */
function checkLead(lead, email) {
  check(lead?.type === "contact", `expected a contact, got type ${show(lead?.type)}`);
  check(lead.role === "lead", `expected role "lead", got ${show(lead.role)}`);
  check(lead.email === email, `expected email ${show(email)}, got ${show(lead.email)}`);
  check(typeof lead.id === "string" && lead.id.length > 0, `expected an id, got ${show(lead.id)}`);
}

/**
 * Builds the request a browser on `origin` would send to the proxy.
 * Browsers forbid scripts to set `Origin` (a forbidden request header: `new Request` drops it), and
 * the handler refuses requests without one. There, and only there, the request gets a guard-free
 * `Headers` with the same values, which is what a server would receive from that browser.
 * @param {string} origin
 * @param {unknown} body
 * @param {Record<string, string>} [extraHeaders]
 */
function proxyRequest(origin, body, extraHeaders = {}) {
  const headers = { origin, "content-type": "application/json", accept: "application/json", ...extraHeaders };
  const request = new Request("http://proxy.local/api/intercom/contacts", {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  if (request.headers.get("origin") === origin) return { request, originHeader: "native" };
  Object.defineProperty(request, "headers", { value: new Headers(headers), configurable: true });
  return { request, originHeader: "forbidden in this runtime, set on a guard-free Headers" };
}

const TURNSTILE_SECRET = "0x4AAAAAAA-runtime-suite-secret";

/**
 * Cloudflare's siteverify, faked in-process (the suite never reaches the real network): tokens it
 * issued pass once, for hostname shop.example and action "lead"; a second use is a duplicate.
 */
function fakeSiteverify() {
  /** @type {Set<string>} */
  const issued = new Set();
  /** @type {Record<string, string>[]} */
  const forms = [];
  return {
    forms,
    issue() {
      const token = `XXXX.${crypto.randomUUID()}`;
      issued.add(token);
      return token;
    },
    /** @param {Request} request */
    async fetch(request) {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      forms.push({ ...form, url: request.url, method: request.method });
      const ok = form.secret === TURNSTILE_SECRET && issued.delete(form.response ?? "");
      return Response.json(
        ok
          ? { success: true, "error-codes": [], hostname: "shop.example", action: "lead" }
          : { success: false, "error-codes": ["timeout-or-duplicate"] },
      );
    },
  };
}

/**
 * The cases; each gets a freshly reset fake and returns a one-line account of what it saw.
 * @param {SuiteOptions} context
 * @returns {Record<string, () => Promise<string>>}
 */
function cases({ fakeUrl, token, serve }) {
  return {
    async "create a lead"() {
      const intercom = createIntercom({ token, baseUrl: fakeUrl });
      const lead = await intercom.createLead({
        email: "ada@example.com",
        name: "Ada Lovelace",
        phone: "+44 20 7946 0000",
      });
      checkLead(lead, "ada@example.com");
      await expectFakeState(fakeUrl, { leads: 1, statuses: [200] });
      return `created ${lead.id} (role ${lead.role}); the fake holds exactly 1 lead`;
    },

    async "typed API error"() {
      const intercom = createIntercom({ token: "not-the-token", baseUrl: fakeUrl });
      let caught;
      try {
        await intercom.createLead({ email: "grace@example.com" });
      } catch (error) {
        caught = error;
      }
      check(caught !== undefined, "createLead with a wrong token resolved");
      check(caught instanceof IntercomApiError, `expected an IntercomApiError, got ${describe(caught)}`);
      const error = /** @type {IntercomApiError} */ (caught);
      check(error.status === 401, `expected status 401, got ${show(error.status)}`);
      check(error.code === "unauthorized", `expected code "unauthorized", got ${show(error.code)}`);
      check(isIntercomError(error), "isIntercomError(error) is false");
      check(
        typeof error.requestId === "string" && error.requestId.length > 0,
        `expected a requestId, got ${show(error.requestId)}`,
      );
      await expectFakeState(fakeUrl, { leads: 0, statuses: [401] });
      return `${error.name} status ${error.status} code ${error.code}, requestId ${error.requestId}`;
    },

    async "429 waited out"() {
      await control(fakeUrl, "inject", { fault: { kind: "rate-limit" }, times: 1 });
      const intercom = createIntercom({ token, baseUrl: fakeUrl });
      const started = Date.now();
      const lead = await intercom.createLead({ email: "katherine@example.com", name: "Katherine Johnson" });
      const waited = Date.now() - started;
      checkLead(lead, "katherine@example.com");
      await expectFakeState(fakeUrl, { leads: 1, statuses: [429, 200] });
      return `429 then 200 after ${waited} ms; the fake holds exactly 1 lead`;
    },

    async "validation error"() {
      const intercom = createIntercom({ token, baseUrl: fakeUrl });
      let caught;
      try {
        await intercom.createLead({ email: "not-an-email", name: "Nobody" });
      } catch (error) {
        caught = error;
      }
      check(caught !== undefined, "createLead with a bad email resolved");
      check(caught instanceof LeadValidationError, `expected a LeadValidationError, got ${describe(caught)}`);
      const error = /** @type {LeadValidationError} */ (caught);
      check(isIntercomError(error), "isIntercomError(error) is false");
      const paths = error.issues.map((issue) => issue.path);
      check(same(paths, [["email"]]), `expected issues at [["email"]], got ${show(error.issues)}`);
      check(
        typeof error.issues[0]?.message === "string" && error.issues[0].message.length > 0,
        "the issue has no message",
      );
      await expectFakeState(fakeUrl, { leads: 0, statuses: [] });
      return `${error.name}: ${show(error.issues)}; no request sent`;
    },

    async "handler end to end"() {
      const { createLeadHandler } = await import("@intercom-leads/core/server");
      const handler = createLeadHandler({ token, baseUrl: fakeUrl, allowedOrigins: [ALLOWED_ORIGIN] });
      const input = { email: "mary@example.com", name: "Mary Jackson", phone: "+1 757 555 0100" };

      const allowed = proxyRequest(ALLOWED_ORIGIN, input);
      const created = await handler(allowed.request);
      const createdText = await created.text();
      check(created.status === 200, `allowed origin: expected 200, got ${created.status} ${createdText}`);
      checkLead(JSON.parse(createdText), input.email);

      const denied = await handler(proxyRequest(DISALLOWED_ORIGIN, input).request);
      const deniedText = await denied.text();
      check(denied.status === 403, `disallowed origin: expected 403, got ${denied.status} ${deniedText}`);

      const invalid = await handler(proxyRequest(ALLOWED_ORIGIN, { ...input, email: "not-an-email" }).request);
      const invalidBody = JSON.parse(await invalid.text());
      check(invalid.status === 422, `bad email: expected 422, got ${invalid.status} ${show(invalidBody)}`);
      check(
        invalidBody?.type === "error.list" && Array.isArray(invalidBody.errors),
        `bad email: expected an error.list, got ${show(invalidBody)}`,
      );
      check(
        Array.isArray(invalidBody.issues) &&
          invalidBody.issues.some((/** @type {any} */ issue) => same(issue.path, ["email"])),
        `bad email: expected an issue at ["email"], got ${show(invalidBody.issues)}`,
      );

      await expectFakeState(fakeUrl, { leads: 1, statuses: [200] });
      return `200 lead for ${ALLOWED_ORIGIN}, 403 for ${DISALLOWED_ORIGIN}, 422 for a bad email; the fake holds exactly 1 lead (Origin ${allowed.originHeader})`;
    },

    async "handler verifier"() {
      const { createLeadHandler, turnstile } = await import("@intercom-leads/core/server");
      const siteverify = fakeSiteverify();
      const verify = turnstile({
        secretKey: TURNSTILE_SECRET,
        expectedHostname: "shop.example",
        expectedAction: "lead",
        fetch: siteverify.fetch,
      });
      const handler = createLeadHandler({ token, baseUrl: fakeUrl, allowedOrigins: [ALLOWED_ORIGIN], verify });
      const input = { email: "dorothy@example.com", name: "Dorothy Vaughan" };
      const human = siteverify.issue();
      /** @param {Record<string, string>} headers */
      const post = async (headers) => {
        const response = await handler(proxyRequest(ALLOWED_ORIGIN, input, headers).request);
        return { status: response.status, body: JSON.parse(await response.text()) };
      };

      const passed = await post({ "x-verification-token": human });
      check(passed.status === 200, `a good token: expected 200, got ${passed.status} ${show(passed.body)}`);
      checkLead(passed.body, input.email);
      const replayed = await post({ "x-verification-token": human });
      check(
        replayed.status === 403 && replayed.body?.errors?.[0]?.code === "human_verification_failed",
        `the same token again: expected 403 human_verification_failed, got ${replayed.status} ${show(replayed.body)}`,
      );
      const missing = await post({});
      check(missing.status === 403, `no token: expected 403, got ${missing.status} ${show(missing.body)}`);
      const [form] = siteverify.forms;
      check(
        siteverify.forms.length === 2 &&
          form?.url === "https://challenges.cloudflare.com/turnstile/v0/siteverify" &&
          form.method === "POST" &&
          form.secret === TURNSTILE_SECRET &&
          form.response === human &&
          /^[0-9a-f-]{36}$/.test(form.idempotency_key ?? ""),
        `siteverify should get 2 forms (secret, response, idempotency_key), got ${show(siteverify.forms)}`,
      );
      await expectFakeState(fakeUrl, { leads: 1, statuses: [200] });
      return "200 with a fresh token, 403 human_verification_failed for it again and for none; siteverify asked twice; the fake holds exactly 1 lead";
    },

    async "handler rate limit"() {
      const { clientAddress, createLeadHandler } = await import("@intercom-leads/core/server");
      const handler = createLeadHandler({
        token,
        baseUrl: fakeUrl,
        allowedOrigins: [ALLOWED_ORIGIN],
        rateLimit: { requests: 2, windowSeconds: 60 },
      });
      const input = { email: "annie@example.com", name: "Annie Easley" };
      // The shape Deno.serve and toNodeListener pass as a fetch handler's second argument.
      /** @param {string} hostname */
      const from = (hostname) => ({ remoteAddr: { hostname } });
      const statuses = [];
      let retryAfter = null;
      for (const address of ["192.0.2.1", "192.0.2.1", "192.0.2.1", "192.0.2.2"]) {
        const response = await handler(proxyRequest(ALLOWED_ORIGIN, input).request, from(address));
        await response.text();
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get("retry-after");
      }
      check(same(statuses, [200, 200, 429, 200]), `expected [200,200,429,200], got ${show(statuses)}`);
      check(retryAfter === "60", `expected Retry-After 60, got ${show(retryAfter)}`);

      // Served by the runtime itself, the handler keys on the address the runtime passes (127.0.0.1 here).
      let served = "not served here";
      const perSocket = createLeadHandler({
        token,
        baseUrl: fakeUrl,
        allowedOrigins: [ALLOWED_ORIGIN],
        rateLimit: { requests: 1, windowSeconds: 60 },
      });
      const server = await serve?.(perSocket);
      if (server) {
        try {
          const over = [];
          for (const name of ["Grace", "Grace again"]) {
            const response = await fetch(`${server.url}/api/intercom/contacts`, {
              method: "POST",
              headers: { origin: ALLOWED_ORIGIN, "content-type": "application/json" },
              body: JSON.stringify({ email: "grace@example.com", name }),
            });
            await response.text();
            over.push(response.status);
          }
          check(same(over, [200, 429]), `served by the runtime: expected [200,429] from 127.0.0.1, got ${show(over)}`);
          served = `served by the runtime: ${show(over)}`;
        } finally {
          await server.close();
        }
        // The key was the socket's address: the same handler still lets another address through.
        const other = await perSocket(proxyRequest(ALLOWED_ORIGIN, input).request, from("192.0.2.3"));
        await other.text();
        check(other.status === 200, `another address after the served flood: expected 200, got ${other.status}`);
      }

      // CF-Connecting-IP is the client's address on Workers only; elsewhere any client could send it.
      const onWorkers = runtimeInfo().name === "workerd";
      const viaHeader = clientAddress(
        proxyRequest(ALLOWED_ORIGIN, input, { "cf-connecting-ip": "203.0.113.9" }).request,
      );
      check(
        viaHeader === (onWorkers ? "203.0.113.9" : undefined),
        `CF-Connecting-IP ${onWorkers ? "should" : "should not"} be the address here, got ${show(viaHeader)}`,
      );
      const stored = server ? 5 : 3;
      await expectFakeState(fakeUrl, { leads: stored, statuses: Array(stored).fill(200) });
      return `2 per address per 60 s: ${show(statuses)} (Retry-After ${retryAfter}); ${served}; CF-Connecting-IP ${onWorkers ? "read" : "ignored"} here; the fake holds exactly ${stored} leads`;
    },
  };
}

/**
 * @typedef {object} SuiteOptions
 * @property {string} fakeUrl the fake's base URL
 * @property {string} token the token the fake accepts
 * @property {(handler: (request: Request, info?: object) => Promise<Response>) => Promise<{ url: string, close: () => Promise<void> }>} [serve]
 *   serves a handler on 127.0.0.1 with the runtime's own server, where the runner can (not in workerd or a browser)
 */

/**
 * Runs every case against the fake at `fakeUrl`, one after another.
 * @param {SuiteOptions} options
 * @returns {Promise<{ name: string, ok: boolean, detail: string, ms: number }[]>}
 */
export async function runSuite({ fakeUrl, token, serve }) {
  if (typeof fakeUrl !== "string" || fakeUrl === "")
    throw new TypeError(`runSuite needs fakeUrl, got ${show(fakeUrl)}`);
  if (typeof token !== "string" || token === "") throw new TypeError(`runSuite needs token, got ${show(token)}`);
  const all = cases({ fakeUrl, token, serve });
  const results = [];
  for (const name of CASE_NAMES) {
    const started = Date.now();
    let ok = false;
    let detail;
    try {
      await control(fakeUrl, "reset");
      detail = await /** @type {() => Promise<string>} */ (all[name])();
      ok = true;
    } catch (error) {
      detail = describe(error);
    }
    results.push({ name, ok, detail, ms: Date.now() - started });
  }
  return results;
}
