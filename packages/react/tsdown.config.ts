import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // One output file per source file, so each hook file keeps its "use client" directive.
  unbundle: true,
  dts: { oxc: true },
  sourcemap: false,
  clean: true,
});
