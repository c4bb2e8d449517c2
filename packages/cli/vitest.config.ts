import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // The end-to-end tests spawn the built command and wait for real HTTP round trips.
    testTimeout: 60_000,
  },
});
