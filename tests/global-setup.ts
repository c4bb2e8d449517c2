/**
 * Runs once before every project's tests: installs Debian's Chromium when it is missing, so the
 * browser tests in tests/runtimes and examples/react-vite never race each other to apt-get.
 */
import { ensureChromium } from "./runtimes/harness/chromium.ts";

export default async function setup(): Promise<void> {
  console.log(`[global-setup] chromium at ${await ensureChromium()}`);
}
