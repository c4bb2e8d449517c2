import { defineConfig } from "vitest/config";

// Long soaks, kept out of `vitest run`: the projects of vitest.config.ts include only *.test.ts files,
// and these are *.soak.ts. Run them with `pnpm test:soak` (SOAK_SEED=<n> for another seeded run).
export default defineConfig({
  test: {
    name: "soak",
    environment: "node",
    include: ["packages/*/test/**/*.soak.ts"],
  },
});
