/**
 * Debian's Chromium, installed by the test run itself when it is missing (nothing can download a
 * browser build here, but apt can). Only root can install; anyone else gets a clear failure.
 */
import { existsSync } from "node:fs";
import { CHROMIUM } from "./binaries.ts";

export { CHROMIUM_ARGS } from "./chromium-flags.ts";

import { childEnv, runProcess } from "./processes.ts";

async function apt(args: string[], timeoutMs: number): Promise<void> {
  const result = await runProcess("apt-get", args, {
    timeoutMs,
    env: { ...childEnv(), DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.code !== 0) {
    throw new Error(
      `apt-get ${args.join(" ")} exited with ${result.code ?? result.signal}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  }
}

export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM} is missing and this run is not root, so it cannot install it. ` +
        "Install Debian's Chromium first: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium",
    );
  }
  await apt(["update"], 120_000);
  await apt(["install", "-y", "--no-install-recommends", "chromium"], 240_000);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}
