import { defineConfig } from "tsdown";

export default defineConfig({
  // index: the programmatic API (runImport) with its types; bin: the `intercom-leads` command.
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: "esm",
  platform: "node",
  target: "node20",
  // "type": "module" makes .js ESM; keep the names package.json points at.
  fixedExtension: false,
  // isolatedDeclarations lets oxc emit .d.ts without the TypeScript compiler.
  dts: { oxc: true },
  sourcemap: false,
  clean: true,
  deps: { neverBundle: [/^node:/] },
});
