import { defineConfig } from "tsdown";
import { sharedBuild } from "../../tsdown.base.ts";

export default defineConfig({
  ...sharedBuild,
  // index: the programmatic API (runImport) with its types; bin: the `intercom-leads` command.
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  platform: "node",
  target: "node20",
  // "type": "module" makes .js ESM; keep the names package.json points at.
  fixedExtension: false,
});
