import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "runtimes",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Each file starts its own harness on a free port and its own runtime, so files run in parallel.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // After the other projects: Chromium, workerd, Deno and Bun starting at once load both cores,
    // which would slow the jsdom tests' 1 s waits there. Alone, this project takes ~15 s.
    sequence: { groupOrder: 1 },
  },
});
