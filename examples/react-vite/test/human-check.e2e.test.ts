// The demo with Cloudflare Turnstile: VITE_TURNSTILE_SITE_KEY set, the widget's script served by a stand-in
// (this machine has no internet, and a test must not reach Cloudflare), tokens checked by the fake siteverify.
import { createFakeIntercom, type FakeIntercom } from "@intercom-leads/testing";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeSiteverify, type FakeSiteverify, TEST_SECRET_KEY } from "../server/fake-siteverify.ts";
import { type DemoPage, startDemo } from "./support/demo-page.ts";

/** Cloudflare's always-passing test site key: what the page passes to the widget. */
const SITE_KEY = "1x00000000000000000000AA";

/**
 * Turnstile's `api.js`, in miniature: `render` draws a checkbox that, once ticked, calls back with a
 * token (`<prefix>-<n>`, n counting ticks on this page, the prefix the test's); `reset` clears it;
 * `remove` takes it away.
 * It records the site key each widget was rendered with.
 */
const STAND_IN_SCRIPT = `(() => {
  let ticks = 0;
  let widgets = 0;
  const rendered = new Map();
  window.turnstileSiteKeys = [];
  window.turnstile = {
    render(container, options) {
      const id = "stand-in-" + ++widgets;
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.addEventListener("change", () => box.checked && options.callback(window.tokenPrefix + "-" + ++ticks));
      label.append(box, " Verify you are human");
      container.append(label);
      rendered.set(id, { label, box });
      window.turnstileSiteKeys.push(options.sitekey);
      return id;
    },
    reset(id) {
      const widget = rendered.get(id);
      if (widget) widget.box.checked = false;
    },
    remove(id) {
      rendered.get(id)?.label.remove();
      rendered.delete(id);
    },
  };
})();`;

describe("the React lead form with Turnstile's human check", () => {
  let fake: FakeIntercom;
  let siteverify: FakeSiteverify;
  let demo: DemoPage;
  let page: Page;
  /** Every request the page made to Cloudflare (all answered here, by the stand-in). */
  let cloudflare: string[];

  beforeAll(async () => {
    fake = createFakeIntercom();
    siteverify = createFakeSiteverify(TEST_SECRET_KEY);
    demo = await startDemo({ fake, siteverify, env: { VITE_TURNSTILE_SITE_KEY: SITE_KEY } });
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  afterEach(async () => {
    // The persister writes at most once a second: a submission just answered may still be stored as in flight,
    // and the next test's page would resend it.
    if (page && !page.isClosed()) await page.evaluate(() => window.localStorage.clear());
    await page?.close();
  });

  /** A new page on the form; the stand-in's tokens are `<tokenPrefix>-1`, `<tokenPrefix>-2`… */
  async function open(tokenPrefix: string): Promise<Page> {
    page = await demo.context.newPage();
    await page.addInitScript((prefix) => Object.assign(window, { tokenPrefix: prefix }), tokenPrefix);
    cloudflare = [];
    await page.route("https://challenges.cloudflare.com/**", (route) => {
      cloudflare.push(route.request().url());
      return route.fulfill({ contentType: "text/javascript", body: STAND_IN_SCRIPT });
    });
    await page.goto(demo.url);
    await page.getByLabel("Verify you are human").waitFor();
    return page;
  }

  async function fill(email: string, name: string): Promise<void> {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill(name);
  }

  it("asks for the check before the form can be sent, sends the widget's token, and creates one lead", async () => {
    fake.reset();
    siteverify.checks.length = 0;
    await open("first");
    expect(cloudflare).toEqual(["https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit"]);
    // One widget (StrictMode's second effect renders it; the first was cancelled while the script loaded).
    expect(await page.getByLabel("Verify you are human").count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { turnstileSiteKeys: string[] }).turnstileSiteKeys)).toEqual(
      [SITE_KEY],
    );
    await fill("julia@truth.org", "Julia");
    expect(await page.getByRole("button", { name: "Sign up" }).isDisabled()).toBe(true);

    await page.getByLabel("Verify you are human").check();
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor({ timeout: 10_000 });
    expect(siteverify.checks).toEqual([{ token: "first-1", success: true }]);
    expect(fake.leads).toHaveLength(1);
    expect(fake.leads[0]!.body).toMatchObject({ email: "julia@truth.org", name: "Julia" });
  });

  it("refuses a token used before (single-use), tells the visitor, and creates nothing", async () => {
    fake.reset();
    siteverify.checks.length = 0;
    await open("reused");
    await fill("julia@truth.org", "Julia");
    await page.getByLabel("Verify you are human").check();
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Thanks, Julia!" }).waitFor({ timeout: 10_000 });
    await page.evaluate(() => window.localStorage.clear());
    await page.close();
    // Another page whose widget gives the same first token, already spent.
    await open("reused");
    await fill("winstonsmith@truth.org", "Winston Smith");
    await page.getByLabel("Verify you are human").check();
    await page.getByRole("button", { name: "Sign up" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "We could not confirm you are a person, so nothing was saved. Please complete the check and try again.",
    );
    expect(siteverify.checks).toEqual([
      { token: "reused-1", success: true },
      { token: "reused-1", success: false },
    ]);
    expect(fake.leads).toHaveLength(1);
    // The widget was reset for a new token: the next tick gives one siteverify has not seen.
    expect(await page.getByLabel("Verify you are human").isChecked()).toBe(false);
    expect(await page.getByRole("button", { name: "Sign up" }).isDisabled()).toBe(true);
    await page.getByLabel("Verify you are human").check();
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Thanks, Winston Smith!" }).waitFor({ timeout: 10_000 });
    expect(siteverify.checks).toEqual([
      { token: "reused-1", success: true },
      { token: "reused-1", success: false },
      { token: "reused-2", success: true },
    ]);
    expect(fake.leads.map((lead) => lead.body.email)).toEqual(["julia@truth.org", "winstonsmith@truth.org"]);
  });
});
