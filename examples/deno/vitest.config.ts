import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-deno",
    environment: "node",
    include: ["*.test.ts"],
    hookTimeout: 30_000,
    testTimeout: 30_000,
  },
});
