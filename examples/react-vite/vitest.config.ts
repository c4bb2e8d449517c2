import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-react-vite",
    environment: "node",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
