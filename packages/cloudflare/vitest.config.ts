import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cloudflare",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Each file boots workerd through Miniflare: a second or two.
    hookTimeout: 30_000,
    testTimeout: 30_000,
  },
});
