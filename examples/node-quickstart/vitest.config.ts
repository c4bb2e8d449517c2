import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "example-node-quickstart", environment: "node", include: ["*.test.ts"] },
});
