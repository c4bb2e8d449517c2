import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-cloudflare-worker",
    environment: "node",
    include: ["*.test.ts"],
    // wrangler dev bundles the Worker and boots workerd: a few seconds, more on a busy machine.
    hookTimeout: 40_000,
    testTimeout: 20_000,
  },
});
