/**
 * esbuild bundles of the suite for the runtimes that take one script: workerd and Chromium.
 * They bundle the built packages (dist) and ky exactly as a user's bundler would.
 */

import type { Plugin } from "esbuild";
import { bundleModule } from "./bundle-module.js";

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

export function bundleSuite(entry: "worker.js" | "browser.js", target: "workerd" | "browser"): Promise<string> {
  return bundleModule(new URL(`../suite/${entry}`, import.meta.url), { target, plugins: [serverWhenMissing] });
}
