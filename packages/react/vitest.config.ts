import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "react",
    environment: "jsdom",
    env: { REACT_MAJOR: "19" },
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/support/setup.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.{ts,tsx}"],
      tsconfig: "./tsconfig.json",
    },
  },
});
