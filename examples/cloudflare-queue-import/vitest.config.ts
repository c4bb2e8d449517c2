import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-cloudflare-queue-import",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Each file bundles the Worker and boots workerd through Miniflare, then drains real queues.
    hookTimeout: 60_000,
    testTimeout: 90_000,
  },
});
