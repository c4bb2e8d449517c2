/**
 * esbuild bundles of the suite for the runtimes that take one script: workerd and Chromium.
 * They bundle the built packages (dist) and ky exactly as a user's bundler would.
 */

import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const SERVER_ENTRY = "@intercom-leads/core/server";

/**
 * While `@intercom-leads/core/server` is not built (or not exported), bundle a module that throws on
 * import instead of failing the whole bundle: then only the handler case fails, with this message,
 * as it does in the runtimes that import it directly.
 */
export const serverWhenMissing: Plugin = {
  name: "server-when-missing",
  setup(builder) {
    builder.onResolve({ filter: /^@intercom-leads\/core\/server$/ }, async (args) => {
      if ((args.pluginData as { inner?: boolean } | undefined)?.inner) return undefined;
      const found = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { inner: true },
      });
      if (found.errors.length === 0) return found;
      return {
        path: SERVER_ENTRY,
        namespace: "server-when-missing",
        pluginData: found.errors.map((error) => error.text).join("; "),
      };
    });
    builder.onLoad({ filter: /.*/, namespace: "server-when-missing" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`Cannot import ${SERVER_ENTRY}: ${String(args.pluginData)}`)});`,
      loader: "js",
    }));
  },
};

export async function bundleSuite(entry: "worker.js" | "browser.js", target: "workerd" | "browser"): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../suite/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: target === "browser" ? "browser" : "neutral",
    conditions: target === "workerd" ? ["workerd", "worker", "browser"] : ["browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    logLevel: "silent",
    plugins: [serverWhenMissing],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}
