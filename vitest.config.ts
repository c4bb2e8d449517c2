import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./tests/global-setup.ts"],
    // Vitest's default on this 2-core machine is one worker, which runs every file in turn. Most
    // files wait on loopback I/O and child processes rather than the CPU, so three overlap well.
    maxWorkers: 3,
    projects: [
      "packages/*/vitest.config.ts",
      // The React package again, against React 18 (its peer range starts there).
      "packages/react/vitest.react-18.config.ts",
      "examples/*/vitest.config.ts",
      "tests/*/vitest.config.ts",
    ],
  },
});
