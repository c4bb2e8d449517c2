import { describe, expect, it } from "vitest";
import { IntercomConfigError } from "../../src/index.ts";
import { TURNSTILE_SITEVERIFY_URL, turnstile } from "../../src/server/index.ts";
import { PROXY_HEADERS } from "../../src/wire/proxy-headers.ts";
import { PAGE_ORIGIN, useLeadProxy } from "../support/use-lead-proxy.ts";
import { SECRET_KEY, useFakeSiteverify } from "./fake-siteverify.ts";

const lead = { email: "winstonsmith@truth.org", name: "Winston Smith" };
const withToken = (token?: string) =>
  new Request("https://proxy.example/api/intercom/contacts", {
    method: "POST",
    headers: token === undefined ? {} : { [PROXY_HEADERS.verificationToken]: token },
  });

describe("turnstile()", () => {
  const siteverify = useFakeSiteverify();
  const verifier = (options: Partial<Parameters<typeof turnstile>[0]> = {}) =>
    turnstile({ secretKey: SECRET_KEY, fetch: siteverify.fetch, ...options });

  it("passes a token siteverify accepts, sending the secret, the token and an idempotency key as a form", async () => {
    const token = siteverify.issue();
    expect(await verifier()(withToken(token), lead)).toBe(true);
    expect(siteverify.calls).toEqual([{ secret: SECRET_KEY, response: token, idempotency_key: expect.any(String) }]);
    expect(siteverify.calls[0]!.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("asks Cloudflare's siteverify when no fetch is given", async () => {
    const seen: string[] = [];
    const check = turnstile({
      secretKey: SECRET_KEY,
      fetch: async (request) => {
        seen.push(`${request.method} ${request.url} ${request.headers.get("content-type")}`);
        return siteverify.fetch(request);
      },
    });
    await check(withToken(siteverify.issue()), lead);
    expect(seen).toEqual([`POST ${TURNSTILE_SITEVERIFY_URL} application/x-www-form-urlencoded;charset=UTF-8`]);
  });

  it("a token passes once: its second use is refused (timeout-or-duplicate)", async () => {
    const token = siteverify.issue();
    const check = verifier();
    expect(await check(withToken(token), lead)).toBe(true);
    expect(await check(withToken(token), lead)).toBe(false);
    expect(siteverify.calls).toHaveLength(2);
  });

  it("refuses a made-up token, and a wrong secret", async () => {
    expect(await verifier()(withToken("XXXX.made-up"), lead)).toBe(false);
    expect(await verifier({ secretKey: "other" })(withToken(siteverify.issue()), lead)).toBe(false);
  });

  it.each([
    [{ expectedHostname: "shop.example" }, { hostname: "shop.example" }, true],
    [{ expectedHostname: "shop.example" }, { hostname: "evil.example" }, false],
    [{ expectedHostname: ["www.shop.example", "shop.example"] }, { hostname: "shop.example" }, true],
    [{ expectedAction: "lead" }, { action: "lead" }, true],
    [{ expectedAction: "lead" }, { action: "login" }, false],
    [{ expectedHostname: "shop.example", expectedAction: "lead" }, { hostname: "shop.example", action: "x" }, false],
  ])("with %o, a token solved with %o passes: %s", async (options, solved, passes) => {
    expect(await verifier(options)(withToken(siteverify.issue(solved)), lead)).toBe(passes);
  });

  it("refuses without asking when there is no token, or one longer than Cloudflare's 2,048 characters", async () => {
    expect(await verifier()(withToken(), lead)).toBe(false);
    expect(await verifier()(withToken(""), lead)).toBe(false);
    expect(await verifier()(withToken("x".repeat(2049)), lead)).toBe(false);
    expect(siteverify.calls).toHaveLength(0);
  });

  it("fails closed when siteverify does not answer in time", async () => {
    siteverify.mode = "hang";
    const started = Date.now();
    expect(await verifier({ timeoutMs: 150 })(withToken(siteverify.issue()), lead)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("fails closed when a fetch ignores the timeout's signal", async () => {
    const check = turnstile({ secretKey: SECRET_KEY, timeoutMs: 50, fetch: () => new Promise<Response>(() => {}) });
    expect(await check(withToken("XXXX.t"), lead)).toBe(false);
  });

  it.each(["error", "html"] as const)("fails closed on an answer that is not siteverify's JSON (%s)", async (mode) => {
    siteverify.mode = mode;
    expect(await verifier()(withToken(siteverify.issue()), lead)).toBe(false);
    expect(siteverify.calls).toHaveLength(1);
  });

  it("asks once more after a lost connection, with the same idempotency key, then fails closed", async () => {
    const keys: string[] = [];
    let calls = 0;
    const flaky = turnstile({
      secretKey: SECRET_KEY,
      fetch: async (request) => {
        keys.push(new URLSearchParams(await request.clone().text()).get("idempotency_key")!);
        if (calls++ === 0) throw new TypeError("fetch failed");
        return siteverify.fetch(request);
      },
    });
    expect(await flaky(withToken(siteverify.issue()), lead)).toBe(true);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    let attempts = 0;
    const down = turnstile({
      secretKey: SECRET_KEY,
      fetch: () => {
        attempts++;
        // Nothing listens on port 1: a refused connection.
        return fetch("http://127.0.0.1:1/turnstile/v0/siteverify", { method: "POST" });
      },
    });
    expect(await down(withToken(siteverify.issue()), lead)).toBe(false);
    expect(attempts).toBe(2);
  });

  it.each([
    [{ secretKey: "" }, "turnstile() needs secretKey, the widget's secret key"],
    [{ secretKey: "s", timeoutMs: 0 }, "turnstile()'s timeoutMs must be a number of milliseconds > 0"],
  ])("refuses %o", (options, message) => {
    expect(() => turnstile(options)).toThrow(new IntercomConfigError(message));
  });
});

describe("createLeadHandler with verify: turnstile()", () => {
  const siteverify = useFakeSiteverify();
  const events: unknown[] = [];
  const proxy = useLeadProxy({
    verify: turnstile({
      secretKey: SECRET_KEY,
      expectedHostname: "shop.example",
      fetch: (request) => siteverify.fetch(request),
    }),
    onEvent: (event) => events.push(event),
  });

  it("creates the lead of a verified page, once per token", async () => {
    const token = siteverify.issue();
    const response = await proxy.post(lead, { headers: { [PROXY_HEADERS.verificationToken]: token } });
    expect(response.status).toBe(200);
    expect(proxy.fake.leads).toHaveLength(1);
    const again = await proxy.post(lead, { headers: { [PROXY_HEADERS.verificationToken]: token } });
    expect(again.status).toBe(403);
    expect(proxy.fake.leads).toHaveLength(1);
  });

  it("answers 403 human_verification_failed with CORS, sending nothing upstream", async () => {
    events.length = 0;
    const response = await proxy.post(lead, { headers: { [PROXY_HEADERS.verificationToken]: "XXXX.forged" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(await response.json()).toEqual({
      type: "error.list",
      errors: [{ code: "human_verification_failed", message: "The human check failed; try again with a new one" }],
    });
    expect(proxy.fake.requests).toHaveLength(0);
    expect(events).toEqual([{ type: "refused", reason: "verification", status: 403, ms: expect.any(Number) }]);
  });

  it("checks nothing before the cheap checks: a field outside the allowlist never costs a siteverify call", async () => {
    const response = await proxy.post(
      { ...lead, owner_id: 1 },
      { headers: { [PROXY_HEADERS.verificationToken]: siteverify.issue() } },
    );
    expect(response.status).toBe(400);
    expect(siteverify.calls).toHaveLength(0);
  });
});
