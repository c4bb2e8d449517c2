/** Where Debian's Chromium lives, and how every browser test here starts it. No imports: examples use it too. */

/** Debian's Chromium, installed by the root global set-up when missing. */
export const CHROMIUM_PATH: string = "/usr/bin/chromium";

/**
 * The flags Chromium needs here: headless as root, and none of its background traffic, which this
 * machine's closed network refuses (and which would slow every start).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
