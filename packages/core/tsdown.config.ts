import { defineConfig } from "tsdown";
import { sharedBuild } from "../../tsdown.base.ts";

export default defineConfig({
  ...sharedBuild,
  entry: {
    index: "src/index.ts",
    "server/index": "src/server/index.ts",
    "server/node": "src/server/node.ts",
    "governor/index": "src/governor/index.ts",
  },
});
