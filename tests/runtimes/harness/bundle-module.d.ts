// Types of bundle-module.js, which stays JavaScript so `pnpm bench` can run it too.
import type { Plugin } from "esbuild";

/** How to bundle. */
export interface BundleOptions {
  /**
   * The runtime the module is for: its package export conditions, and for workerd `cloudflare:*` left external.
   * @default "workerd"
   */
  readonly target?: "workerd" | "browser";
  /**
   * esbuild plugins to run.
   * @default []
   */
  readonly plugins?: Plugin[];
}

/** Bundles `entry` (a path or a file URL) and its imports into one ES module, answered as its source. */
export function bundleModule(entry: string | URL, options?: BundleOptions): Promise<string>;
