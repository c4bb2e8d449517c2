import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFakeIntercom, type FakeIntercom } from "@intercom-leads/testing";
import react from "@vitejs/plugin-react";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// The flags the repository's browser tests share; the root global set-up installs Chromium itself.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../tests/runtimes/harness/chromium-flags.ts";
import { intercomLeadsProxy } from "../server/lead-proxy-plugin.ts";

const root = join(import.meta.dirname, "..");
const artifacts = join(root, "test-results");

describe("the React lead form in Chromium, served by Vite with the proxy and a fake Intercom", () => {
  let fake: FakeIntercom;
  let server: ViteDevServer;
  let context: BrowserContext;
  let scratch: string;
  let url: string;
  let page: Page;

  beforeAll(async () => {
    fake = createFakeIntercom();
    scratch = mkdtempSync(join(tmpdir(), "lead-form-"));
    server = await createServer({
      root,
      configFile: false,
      // Its own optimised dependencies: the demo command's Vite (demo-command.test.ts, or a developer's
      // `pnpm demo`) shares this root and would otherwise rewrite them under this page, which cannot
      // reload (no HMR) and would never render.
      cacheDir: join(scratch, "vite"),
      logLevel: "silent",
      plugins: [react(), intercomLeadsProxy({ token: "", fake })],
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
      // Pre-bundle up front, so Vite never reloads the page mid-test to optimise a late-found dependency.
      optimizeDeps: {
        include: ["react", "react-dom/client", "react/jsx-runtime", "react/jsx-dev-runtime", "@tanstack/react-query"],
      },
    });
    await server.listen();
    url = server.resolvedUrls!.local[0]!;
    context = await chromium.launchPersistentContext(join(scratch, "chromium"), {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fake.reset();
    page = await context.newPage();
    await page.goto(url);
    await page.getByRole("button", { name: "Sign up" }).waitFor();
  });

  it("creates exactly one lead, shows it, and saves a screenshot", async () => {
    await page.getByLabel("Email").fill("winstonsmith@truth.org");
    await page.getByLabel("Name").fill("Winston Smith");
    await page.getByLabel("Phone").fill("123987456");
    await page.getByLabel("Send me product news").check();
    await page.getByRole("button", { name: "Sign up" }).click();

    await page.getByRole("heading", { name: "Thanks, Winston Smith!" }).waitFor({ timeout: 10_000 });
    expect(fake.leads).toHaveLength(1);
    const [stored] = fake.leads;
    expect(await page.getByTestId("lead-id").textContent()).toBe(stored!.id);
    expect(stored!.body).toMatchObject({
      role: "lead",
      email: "winstonsmith@truth.org",
      name: "Winston Smith",
      phone: "123987456",
      custom_attributes: { marketing_consent: true },
    });
    // The browser never held the token: only the proxy's request to the fake carried one.
    expect(fake.requests).toHaveLength(1);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "lead-created.png"), fullPage: true });
  });

  it("shows field messages for bad input and sends nothing", async () => {
    await page.getByLabel("Email").fill("winston at truth");
    await page.getByRole("button", { name: "Sign up" }).click();

    const problem = page.locator("#email-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toBe("Email must be an email address");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(fake.requests).toHaveLength(0);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "field-messages.png"), fullPage: true });
  });

  it("tells the visitor kindly when Intercom may have stored the lead already", async () => {
    fake.inject({ kind: "server-error", stored: true });
    await page.getByLabel("Email").fill("julia@truth.org");
    await page.getByRole("button", { name: "Sign up" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("We may already have your details; there is no need to send them again.");
    expect(fake.leads).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });
});
