// @ts-check
/**
 * What the size figures measure, shared by the size benchmark (`size.js`) and the size budget check
 * (`.size-limit.js` at the repository root), so both bundle the same way:
 *
 * - `dynamicImportExternal()`: an esbuild plugin that leaves every dynamic `import()` out of the
 *   bundle (marks its resolution external). Code our packages load on demand (the bulk import) is
 *   not part of the initial load, so it must not count in the size of a one-call program.
 * - `BUNDLE_TARGETS`: the esbuild options of a browser program and of a Worker.
 * - `sizeLimitEsbuild(target)`: a `modifyEsbuildConfig` for size-limit that applies both.
 *
 * This file imports nothing at run time (esbuild's types only), so `.size-limit.js` can load it
 * from the root without the bench's dependencies.
 */

/**
 * @typedef {object} DynamicImportExternalOptions
 * @property {(path: string, importer: string) => void} [onExternal] called for each dynamic import left out
 */

/**
 * An esbuild plugin that marks every `kind === "dynamic-import"` resolution as external: the
 * `import("…")` stays in the output as written, and what it loads is not bundled.
 * @param {DynamicImportExternalOptions} [options]
 * @returns {import("esbuild").Plugin}
 */
export function dynamicImportExternal(options = {}) {
  return {
    name: "dynamic-import-external",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== "dynamic-import") return undefined;
        options.onExternal?.(args.path, args.importer);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * The esbuild options of each kind of program, on top of `bundle` and `minify`:
 * - `browser`: an app's bundle, ESM, for browsers (package `browser` fields and conditions apply);
 * - `worker`: a Cloudflare Worker's bundle, ESM, platform neutral with the conditions Wrangler
 *   uses (`workerd`, `worker`, `browser`), as the runtime tests bundle it (tests/runtimes/harness/bundle.ts).
 * @satisfies {Record<string, import("esbuild").BuildOptions>}
 */
export const BUNDLE_TARGETS = {
  browser: { format: "esm", platform: "browser" },
  worker: {
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
  },
};

/**
 * size-limit's `modifyEsbuildConfig` for a check: the target's options and `dynamicImportExternal`.
 * (size-limit's own config already bundles, minifies and tree-shakes; `ignore` becomes `external`.)
 * @param {keyof typeof BUNDLE_TARGETS} target
 * @returns {(config: import("esbuild").BuildOptions) => import("esbuild").BuildOptions}
 */
export function sizeLimitEsbuild(target) {
  return (config) => ({
    ...config,
    ...BUNDLE_TARGETS[target],
    plugins: [...(config.plugins ?? []), dynamicImportExternal()],
  });
}
