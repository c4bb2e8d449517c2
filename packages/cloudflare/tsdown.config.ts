import { defineConfig } from "tsdown";
import { sharedBuild } from "../../tsdown.base.ts";

export default defineConfig({
  ...sharedBuild,
  entry: { index: "src/index.ts" },
  // The Workers runtime provides `cloudflare:*` modules (the DurableObject base class).
  deps: { neverBundle: [/^node:/, /^cloudflare:/, /^@intercom-leads\//] },
});
