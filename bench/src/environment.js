// @ts-check
/** The machine and the versions a result was measured with. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** @param {string} path */
function readManifest(path) {
  return /** @type {{ name?: string, version?: string }} */ (JSON.parse(readFileSync(path, "utf8")));
}

/** @param {string} specifier resolved from the bench package */
function manifestOf(specifier) {
  try {
    return readManifest(fileURLToPath(import.meta.resolve(`${specifier}/package.json`)));
  } catch {
    return undefined;
  }
}

/**
 * The version of `name` as `from` (a package directory) resolves it: its own node_modules, then each parent's.
 * @param {string} name
 * @param {string} from
 */
function dependencyVersion(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return readManifest(candidate).version;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The bench package's directory: what its dependencies resolve from. */
const BENCH_DIR = fileURLToPath(new URL("../", import.meta.url));

/** The packages the size, latency, cold-start and React benchmarks measure or run on. */
const BENCH_PACKAGES = [
  "intercom-client",
  "openapi-fetch",
  "esbuild",
  "miniflare",
  "react",
  "react-dom",
  "@tanstack/react-query",
  "jsdom",
  "@testing-library/react",
];

/**
 * Versions of the bench's dependencies, and of workerd as miniflare has it.
 * @returns {Record<string, string | undefined>}
 */
function benchVersions() {
  /** @type {Record<string, string | undefined>} */
  const versions = {};
  for (const name of BENCH_PACKAGES) versions[name] = dependencyVersion(name, BENCH_DIR);
  try {
    // pnpm puts a package's dependencies beside it: …/node_modules/miniflare → …/node_modules/workerd.
    const miniflare = realpathSync(join(BENCH_DIR, "node_modules", "miniflare"));
    const workerd = join(dirname(miniflare), "workerd", "package.json");
    versions.workerd = existsSync(workerd) ? readManifest(workerd).version : undefined;
  } catch {
    versions.workerd = undefined;
  }
  return versions;
}

/** @param {string[]} args @param {string} cwd */
function git(args, cwd) {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** @param {string} root the repository's root */
export function describeEnvironment(root) {
  const cpus = os.cpus();
  const coreManifestPath = fileURLToPath(import.meta.resolve("@intercom-leads/core/package.json"));
  const commit = git(["rev-parse", "--short", "HEAD"], root);
  const dirty = git(["status", "--porcelain"], root);
  const pnpm = /pnpm\/(\S+)/.exec(process.env.npm_config_user_agent ?? "")?.[1];
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
    node: process.version,
    pnpm,
    core: readManifest(coreManifestPath).version,
    ky: dependencyVersion("ky", dirname(coreManifestPath)),
    cli: manifestOf("@intercom-leads/cli")?.version,
    react: manifestOf("@intercom-leads/react")?.version,
    packages: benchVersions(),
    commit: commit ? `${commit}${dirty ? " (with uncommitted changes)" : ""}` : undefined,
  };
}
