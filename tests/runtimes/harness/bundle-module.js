// @ts-check
// One ES module made by esbuild as a user's bundler would make it (the built packages' dist and ky inside),
// for the runtimes that take one script: workerd and Chromium. Plain JavaScript, so that `pnpm bench`
// (plain node) runs it unbuilt as well as the tests do; its types are in bundle-module.d.ts.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * Bundles `entry` for `target`.
 * @param {string | URL} entry
 * @param {import("./bundle-module.d.ts").BundleOptions} [options]
 * @returns {Promise<string>}
 */
export async function bundleModule(entry, { target = "workerd", plugins = [] } = {}) {
  const path = entry instanceof URL ? fileURLToPath(entry) : entry;
  const result = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: "esm",
    platform: target === "browser" ? "browser" : "neutral",
    conditions: target === "workerd" ? ["workerd", "worker", "browser"] : ["browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    // workerd provides these (the DurableObject base class).
    external: target === "workerd" ? ["cloudflare:*"] : [],
    logLevel: "silent",
    plugins,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${path}`);
  return output.text;
}
