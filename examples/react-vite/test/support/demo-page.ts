import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LeadEventListener } from "@intercom-leads/core/server";
import type { FakeIntercom } from "@intercom-leads/testing";
import react from "@vitejs/plugin-react";
import { type BrowserContext, chromium } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
// The flags the repository's browser tests share; the root global set-up installs Chromium itself.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../../tests/runtimes/harness/chromium-flags.ts";
import type { FakeSiteverify } from "../../server/fake-siteverify.ts";
import { intercomLeadsProxy } from "../../server/lead-proxy-plugin.ts";

/** The demo served by Vite (with the proxy plugin on `fake`), and a headless Chromium to open it in. */
export interface DemoPage {
  url: string;
  server: ViteDevServer;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Options of `startDemo`. */
export interface StartDemoOptions {
  fake: FakeIntercom;
  /** Vite environment variables, written to a .env file the page and the plugin both read. */
  env?: Record<string, string>;
  /** The fake siteverify the proxy asks (with `VITE_TURNSTILE_SITE_KEY` in `env`). */
  siteverify?: FakeSiteverify;
  /** Told what the proxy did with each request. */
  onEvent?: LeadEventListener;
}

/** The example's root. */
export const ROOT: string = join(import.meta.dirname, "../..");

export async function startDemo({ fake, env = {}, siteverify, onEvent }: StartDemoOptions): Promise<DemoPage> {
  const scratch = mkdtempSync(join(tmpdir(), "lead-form-"));
  // Only this .env: a developer's own VITE_* variables (a real site key) must not reach the test.
  writeFileSync(
    join(scratch, ".env"),
    Object.entries(env)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
  const server = await createServer({
    root: ROOT,
    configFile: false,
    envDir: scratch,
    // Its own optimised dependencies: the demo command's Vite (demo-command.test.ts, or a developer's
    // `pnpm demo`) shares this root and would otherwise rewrite them under this page, which cannot
    // reload (no HMR) and would never render.
    cacheDir: join(scratch, "vite"),
    logLevel: "silent",
    plugins: [react(), intercomLeadsProxy({ token: "", fake, siteverify, onEvent })],
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
    // Pre-bundle up front, so Vite never reloads the page mid-test to optimise a late-found dependency.
    optimizeDeps: {
      include: [
        "react",
        "react-dom/client",
        "react/jsx-runtime",
        "react/jsx-dev-runtime",
        "@tanstack/react-query",
        "@tanstack/react-query-persist-client",
        "@tanstack/query-sync-storage-persister",
      ],
    },
  });
  await server.listen();
  const context = await chromium.launchPersistentContext(join(scratch, "chromium"), {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  return {
    url: server.resolvedUrls!.local[0]!,
    server,
    context,
    close: async () => {
      await context.close();
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
