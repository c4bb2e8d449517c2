import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./tests/global-setup.ts"],
    projects: [
      "packages/*/vitest.config.ts",
      // The React package again, against React 18 (its peer range starts there).
      "packages/react/vitest.react-18.config.ts",
      "examples/*/vitest.config.ts",
      "tests/*/vitest.config.ts",
    ],
  },
});
