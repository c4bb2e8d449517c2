import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkCoreBuilt } from "../harness/binaries.ts";
import { bundleSuite } from "../harness/bundle.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../harness/chromium.ts";
import { SUITE_TIMEOUT_MS } from "../harness/cli-runtime.ts";
import { childEnv, cleanup, tempDir } from "../harness/processes.ts";
import { expectSuitePassed, type SuiteReport } from "../harness/report.ts";
import { type Harness, startHarness } from "../harness/serve.ts";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>intercom-leads runtime suite</title>
<script type="module" src="/__runtime/bundle.js"></script>
`;

let executablePath = "";
let harness: Harness | undefined;
let context: BrowserContext | undefined;

// Installing Chromium with apt (only when it is missing) takes a while: hence the long hook timeout.
beforeAll(async () => {
  checkCoreBuilt();
  executablePath = await ensureChromium();
  const bundle = await bundleSuite("browser.js", "browser");
  // Page, bundle and fake on one origin: Intercom (and so the fake) sends no CORS headers.
  harness = await startHarness({
    assets: {
      "page.html": { body: PAGE, contentType: "text/html; charset=utf-8" },
      "bundle.js": { body: bundle, contentType: "text/javascript; charset=utf-8" },
    },
  });
}, 400_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  cleanup();
  await harness?.close();
});

test("headless Chromium runs the suite over HTTP against the fake", {
  timeout: SUITE_TIMEOUT_MS + 30_000,
}, async () => {
  const profile = tempDir("chromium-profile");
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    env: childEnv(),
    timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });

  await page.goto(`${harness!.url}/__runtime/page.html?token=${encodeURIComponent(harness!.token)}`, {
    timeout: 15_000,
  });
  const done = await page.waitForFunction(
    () => (window as { __runtimeSuiteReport?: unknown }).__runtimeSuiteReport,
    null,
    {
      timeout: SUITE_TIMEOUT_MS,
    },
  );
  const report = (await done.jsonValue()) as SuiteReport & { error?: string };
  expect(report.error, `the suite threw in the page; page problems:\n${problems.join("\n")}`).toBeUndefined();
  expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome|Chrome\//);
  expectSuitePassed(report, { name: "browser", version: /Chrome\/\d+/ }, "Chromium");
});
