import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./tests/global-setup.ts"],
    projects: ["packages/*/vitest.config.ts", "examples/*/vitest.config.ts", "tests/*/vitest.config.ts"],
  },
});
