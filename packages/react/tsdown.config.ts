import { defineConfig } from "tsdown";
import { sharedBuild } from "../../tsdown.base.ts";

export default defineConfig({
  ...sharedBuild,
  entry: ["src/index.ts", "src/offline.ts"],
  // One output file per source file, so each hook file keeps its "use client" directive.
  unbundle: true,
});
