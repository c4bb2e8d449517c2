import type { UserConfig } from "tsdown";

/**
 * What every package's build shares: ESM only, declarations by oxc (isolatedDeclarations lets it emit
 * .d.ts without the TypeScript compiler), no source maps, a clean dist, Node's built-ins left external.
 * Each package's tsdown.config.ts adds its entries and what is its own.
 */
export const sharedBuild: UserConfig = {
  format: "esm",
  platform: "neutral",
  target: "es2022",
  dts: { oxc: true },
  sourcemap: false,
  clean: true,
  deps: { neverBundle: [/^node:/] },
};
