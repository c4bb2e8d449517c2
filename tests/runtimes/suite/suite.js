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
 */
function proxyRequest(origin, body) {
  const headers = { origin, "content-type": "application/json", accept: "application/json" };
  const request = new Request("http://proxy.local/api/intercom/contacts", {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  if (request.headers.get("origin") === origin) return { request, originHeader: "native" };
  Object.defineProperty(request, "headers", { value: new Headers(headers), configurable: true });
  return { request, originHeader: "forbidden in this runtime, set on a guard-free Headers" };
}

/**
 * The cases; each gets a freshly reset fake and returns a one-line account of what it saw.
 * @param {{ fakeUrl: string, token: string }} context
 * @returns {Record<string, () => Promise<string>>}
 */
function cases({ fakeUrl, token }) {
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
  };
}

/**
 * Runs every case against the fake at `fakeUrl`, one after another.
 * @param {{ fakeUrl: string, token: string }} options
 * @returns {Promise<{ name: string, ok: boolean, detail: string, ms: number }[]>}
 */
export async function runSuite({ fakeUrl, token }) {
  if (typeof fakeUrl !== "string" || fakeUrl === "")
    throw new TypeError(`runSuite needs fakeUrl, got ${show(fakeUrl)}`);
  if (typeof token !== "string" || token === "") throw new TypeError(`runSuite needs token, got ${show(token)}`);
  const all = cases({ fakeUrl, token });
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
