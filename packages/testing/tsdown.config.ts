import { defineConfig } from "tsdown";
import { sharedBuild } from "../../tsdown.base.ts";

export default defineConfig({
  ...sharedBuild,
  entry: { index: "src/index.ts", node: "src/node.ts" },
});
