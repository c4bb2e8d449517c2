import { mkdirSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { createLeadHandler } from "@intercom-leads/core/server";
import { createFakeIntercom, type FakeIntercom } from "@intercom-leads/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DemoPage, ROOT, startDemo } from "./support/demo-page.ts";
import { type StoredSubmission, storedSubmissions } from "./support/stored-submissions.ts";

const artifacts = join(ROOT, "test-results");
const TITLE = "Join the Ministry of Truth newsletter";
const DEMO_NOTE =
  "Demo: leads go to a fake Intercom running on this machine. Nothing reaches a real Intercom workspace.";
const SAVED = "Saved — will be sent when you're back online";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A kept submission of `email`, paused for the network. */
function expectPaused(email: string): StoredSubmission {
  return { status: "pending", isPaused: true, email, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) };
}

/** A kept submission of `email`, sent and not yet answered. */
function expectInFlight(email: string): StoredSubmission {
  return { status: "pending", isPaused: false, email, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) };
}

describe("the React lead form in Chromium, served by Vite with the proxy and a fake Intercom", () => {
  let fake: FakeIntercom;
  let demo: DemoPage;
  let context: BrowserContext;
  let url: string;
  let page: Page;
  /** Every answer the page got that was not found, favicon included. */
  let notFound: string[];
  /** What the proxy did with each create it was sent, and the request's Idempotency-Key. */
  let proxied: { type: string; key: string | null }[] = [];

  beforeAll(async () => {
    fake = createFakeIntercom();
    demo = await startDemo({
      fake,
      onEvent: (event, request) => proxied.push({ type: event.type, key: request.headers.get("idempotency-key") }),
    });
    ({ url, context } = demo);
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  /** A new page on the form, as a visitor opening it (again): `fake` keeps its leads. */
  async function reopen({ clock = false } = {}): Promise<Page> {
    notFound = [];
    page = await context.newPage();
    page.on("response", (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });
    if (clock) await page.clock.install();
    await page.goto(url);
    return page;
  }

  /** A fresh page on the form, against a fresh fake; `clock` installs Chromium's fake clock first, to run the page's timers forward. */
  async function open({ clock = false } = {}): Promise<Page> {
    fake.reset();
    proxied = [];
    await reopen({ clock });
    await page.getByRole("button", { name: "Sign up" }).waitFor();
    return page;
  }

  afterEach(async () => {
    await context.setOffline(false);
    // Submissions the persister kept must not be resent by the next test's page.
    if (page && !page.isClosed()) await page.evaluate(() => window.localStorage.clear());
    await page?.close();
  });

  async function fillAndSubmit(email: string, name?: string): Promise<void> {
    await page.getByLabel("Email").fill(email);
    if (name) await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Sign up" }).click();
  }

  async function alertText(): Promise<string | null> {
    const alert = page.getByRole("alert");
    await alert.waitFor();
    return alert.textContent();
  }

  async function screenshot(name: string): Promise<void> {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, name), fullPage: true });
  }

  it("says it runs against a fake Intercom, under one title, with a favicon", async () => {
    await open();
    expect(await page.title()).toBe(TITLE);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(TITLE);
    await page.getByRole("note").waitFor();
    expect(await page.getByRole("note").textContent()).toBe(DEMO_NOTE);
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toMatch(/^data:image\/svg\+xml,/);
    expect(notFound).toEqual([]);
  });

  it("creates exactly one lead, shows it as stored and the proxy's answer, then resets for another", async () => {
    await open();
    await page.getByLabel("Email").fill("winstonsmith@truth.org");
    await page.getByLabel("Name").fill("Winston Smith");
    await page.getByLabel("Phone").fill("123987456");
    await page.getByLabel("Send me product news").check();
    await page.getByRole("button", { name: "Sign up" }).click();

    await page.getByRole("heading", { name: "Thanks, Winston Smith!" }).waitFor({ timeout: 10_000 });
    expect(fake.leads).toHaveLength(1);
    const [stored] = fake.leads;
    expect(stored!.body).toMatchObject({
      role: "lead",
      email: "winstonsmith@truth.org",
      name: "Winston Smith",
      phone: "123987456",
      custom_attributes: { marketing_consent: true },
    });
    const shown = async (testId: string) => page.getByTestId(testId).textContent();
    expect(await shown("lead-id")).toBe(stored!.id);
    expect(await shown("lead-role")).toBe("lead");
    expect(await shown("lead-email")).toBe("winstonsmith@truth.org");
    expect(await shown("lead-name")).toBe("Winston Smith");
    expect(await shown("lead-phone")).toBe("123987456");
    // The proxy's default answer is a summary: no custom attributes reach the page (the fake has them, above).
    expect(await page.getByTestId("lead-consent").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "The lead, as the proxy returned it" }).isVisible()).toBe(true);
    expect(await shown("proxy-status")).toBe("200 OK");
    expect(JSON.parse((await shown("proxy-answer"))!)).toEqual({
      type: "contact",
      id: stored!.id,
      role: "lead",
      email: "winstonsmith@truth.org",
      name: "Winston Smith",
      phone: "123987456",
      created_at: stored!.body.created_at,
    });
    expect(await page.getByRole("note").textContent()).toBe(DEMO_NOTE);
    // The browser never held the token: only the proxy's request to the fake carried one.
    expect(fake.requests).toHaveLength(1);
    await screenshot("lead-created.png");
    expect(notFound).toEqual([]);

    await page.getByRole("button", { name: "Add another lead" }).click();
    await page.getByRole("button", { name: "Sign up" }).waitFor();
    for (const field of ["Email", "Name", "Phone"]) expect(await page.getByLabel(field).inputValue()).toBe("");
    expect(await page.getByLabel("Send me product news").isChecked()).toBe(false);
    await fillAndSubmit("julia@truth.org", "Julia");
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor();
    expect(fake.leads.map((lead) => lead.body.email)).toEqual(["winstonsmith@truth.org", "julia@truth.org"]);
    expect(await shown("lead-id")).toBe(fake.leads[1]!.id);
  });

  it("shows field messages for bad input and sends nothing", async () => {
    await open();
    await fillAndSubmit("winston at truth");

    const problem = page.locator("#email-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toBe("Email must be an email address");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(fake.requests).toHaveLength(0);
    await screenshot("field-messages.png");
  });

  it("tells the visitor kindly when Intercom may have stored the lead already (the proxy's maybe_created)", async () => {
    await open();
    fake.inject({ kind: "server-error", stored: true });
    await fillAndSubmit("julia@truth.org");
    expect(await alertText()).toBe("We may already have your details; there is no need to send them again.");
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
    await screenshot("maybe-stored.png");
  });

  it("says the same when the page's own request timed out after reaching the proxy", async () => {
    await open({ clock: true });
    fake.inject({ kind: "slow", delayMs: 30_000 }); // stored on arrival, answered too late
    await fillAndSubmit("julia@truth.org");
    await expect.poll(() => fake.leads.length).toBe(1);
    await page.clock.runFor(20_001); // the page client's 20 s timeout, on the page's fake clock
    expect(await alertText()).toBe("We may already have your details; there is no need to send them again.");
  });

  it("keeps a submission made offline through a reload, and sends it once when the browser is back online", async () => {
    await open();
    await context.setOffline(true);
    await fillAndSubmit("julia@truth.org", "Julia");
    expect(await page.getByRole("status").textContent()).toBe(`${SAVED}: julia@truth.org`);
    // Kept by TanStack's persister in localStorage, paused, with its idempotency key.
    await expect.poll(() => storedSubmissions(page)).toEqual([expectPaused("julia@truth.org")]);
    const [kept] = await storedSubmissions(page);
    await screenshot("saved-offline.png");

    // Reloaded while offline: the browser has no page to show (its error page), and the submission waits in storage.
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    expect(fake.requests).toHaveLength(0);
    // Back online, Chromium reloads its error page by itself; the page restores the submission and sends it.
    await context.setOffline(false);
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor({ timeout: 15_000 });
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests.map((request) => request.status)).toEqual([200]);
    expect(fake.leads[0]!.body).toMatchObject({ email: "julia@truth.org", name: "Julia" });
    expect(await page.getByTestId("lead-id").textContent()).toBe(fake.leads[0]!.id);
    await expect.poll(() => storedSubmissions(page)).toEqual([]);
    // Chromium may send it twice (the unloading page, as the network comes back, and the reloaded one):
    // every send carries the kept key, and the proxy creates once and replays the answer.
    expect(proxied.filter((event) => event.type === "created")).toEqual([
      { type: "created", key: kept!.idempotencyKey },
    ]);
    expect(proxied.filter((event) => event.type !== "replayed" && event.type !== "created")).toEqual([]);
    expect(new Set(proxied.map((event) => event.key))).toEqual(new Set([kept!.idempotencyKey]));
  });

  it("keeps a submission sent offline without a reload, and sends it once when the browser is back online", async () => {
    await open();
    await context.setOffline(true);
    await fillAndSubmit("julia@truth.org", "Julia");
    await page.getByRole("status").waitFor();
    await context.setOffline(false);
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor({ timeout: 10_000 });
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it("resends a submission that was in flight when the tab closed: the proxy answers with the lead it made, once", async () => {
    await open();
    fake.inject({ kind: "slow", delayMs: 3000 }); // stored on arrival, answered 3 s later
    await fillAndSubmit("julia@truth.org", "Julia");
    await expect.poll(() => fake.leads.length).toBe(1);
    await expect.poll(() => storedSubmissions(page)).toEqual([expectInFlight("julia@truth.org")]);
    const [kept] = await storedSubmissions(page);
    await page.close();

    await reopen();
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor({ timeout: 15_000 });
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(await page.getByTestId("lead-id").textContent()).toBe(fake.leads[0]!.id);
    // The closed page's request (created) and the reopened page's resend of it (the same answer, replayed).
    const key = kept!.idempotencyKey;
    expect(proxied).toEqual([
      { type: "created", key },
      { type: "replayed", key },
    ]);
    await expect.poll(() => storedSubmissions(page)).toEqual([]);
    expect(notFound).toEqual([]);
  });

  it("says nothing was sent when the page's fetch finds the browser offline (TanStack thought it online)", async () => {
    await open();
    // navigator.onLine says offline while the window never heard an "offline" event (as for a page loaded offline).
    await page.evaluate(() => Object.defineProperty(navigator, "onLine", { get: () => false }));
    await fillAndSubmit("julia@truth.org");
    expect(await alertText()).toBe("You are offline, so nothing was sent. Please reconnect and try again.");
    expect(fake.requests).toHaveLength(0);
    await screenshot("offline.png");
  });

  it("does not claim the details arrived when the connection to the proxy failed", async () => {
    await open();
    // Chromium's fetch reports a refused connection as a bare TypeError: the page cannot tell it from a dropped one.
    await page.route("**/api/intercom/contacts", (route) => route.abort("connectionrefused"));
    await fillAndSubmit("julia@truth.org");
    expect(await alertText()).toBe(
      "The connection failed before our server answered, so we cannot tell whether your details arrived. If you send them again, we may get them twice.",
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("says the details were not saved when the proxy could not reach Intercom (maybe_created: false)", async () => {
    await open();
    // The real proxy handler, its upstream a closed port: Intercom refused the connection, nothing was stored.
    const handler = createLeadHandler({
      token: "demo-token",
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      allowedOrigins: [new URL(url).origin],
      fields: ["email", "name", "phone", "custom_attributes.marketing_consent"],
    });
    await page.route("**/api/intercom/contacts", async (route) => {
      const request = route.request();
      const answer = await handler(
        new Request(request.url(), { method: "POST", headers: await request.allHeaders(), body: request.postData() }),
      );
      expect(await answer.clone().json()).toMatchObject({ maybe_created: false });
      await route.fulfill({
        status: answer.status,
        headers: Object.fromEntries(answer.headers),
        body: await answer.text(),
      });
    });
    await fillAndSubmit("julia@truth.org");
    expect(await alertText()).toBe(
      "Something went wrong on our side and your details were not saved. Please try again in a moment.",
    );
  });

  it("tells the visitor when to try again after a rate limit", async () => {
    await open();
    await page.route("**/api/intercom/contacts", (route) =>
      route.fulfill({
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "30" },
        body: JSON.stringify({
          type: "error.list",
          errors: [{ code: "rate_limit_exceeded", message: "Too many leads; try again shortly" }],
        }),
      }),
    );
    await fillAndSubmit("julia@truth.org");
    expect(await alertText()).toBe(
      "We are getting a lot of sign-ups right now and have not saved yours. Please try again in 30 seconds.",
    );
  });
});
