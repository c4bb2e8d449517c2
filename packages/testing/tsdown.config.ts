import { defineConfig } from "tsdown";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
  },
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // isolatedDeclarations lets oxc emit .d.ts without the TypeScript compiler.
  dts: { oxc: true },
  sourcemap: false,
  clean: true,
  deps: { neverBundle: [/^node:/] },
});
