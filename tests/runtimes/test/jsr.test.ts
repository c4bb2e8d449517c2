import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { denoBinary } from "../harness/binaries.ts";
import { childEnv, cleanup, runProcess, tempDir } from "../harness/processes.ts";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

afterAll(() => cleanup());

/**
 * JSR publishes TypeScript source and refuses "slow types" (exports whose types must be inferred).
 * `deno publish --dry-run` runs offline: it type-checks every entry point of the packages and their
 * public API as JSR would. It runs on a copy laid out as a Deno workspace, so Deno neither reads this
 * repo's pnpm files nor rewrites them (it migrates pnpm-workspace.yaml into package.json if it sees it).
 */
test("every package passes deno publish --dry-run: no slow types, every entry point type-checks", {
  timeout: 90_000,
}, async () => {
  const workspace = tempDir("jsr");
  for (const name of ["core", "react", "testing"]) {
    const from = join(repo, "packages", name);
    const to = join(workspace, name);
    mkdirSync(to);
    for (const entry of ["src", "jsr.json", "package.json", "README.md", "LICENSE"])
      cpSync(join(from, entry), join(to, entry), { recursive: true });
    // Their npm dependencies (ky; react and TanStack Query; core for testing) as pnpm installed them.
    symlinkSync(join(from, "node_modules"), join(to, "node_modules"));
  }
  mkdirSync(join(workspace, "node_modules"));
  symlinkSync(join(repo, "node_modules", "@types"), join(workspace, "node_modules", "@types"));
  writeFileSync(
    join(workspace, "deno.json"),
    JSON.stringify({
      workspace: ["./core", "./react", "./testing"],
      nodeModulesDir: "manual",
      compilerOptions: { jsx: "react-jsx", jsxImportSource: "react", jsxImportSourceTypes: "@types/react" },
    }),
  );

  const result = await runProcess(denoBinary(), ["publish", "--dry-run", "--allow-dirty", "--no-provenance"], {
    cwd: workspace,
    env: childEnv({ DENO_DIR: join(workspace, ".deno"), DENO_NO_UPDATE_CHECK: "1" }),
    timeoutMs: 80_000,
  });
  const output = result.stdout + result.stderr;
  expect(output, output).toContain("Checking for slow types in the public API...");
  expect(output).toContain("Simulating publish of @intercom-leads/core@0.1.0");
  expect(output).toContain("Simulating publish of @intercom-leads/react@0.1.0");
  expect(output).toContain("Simulating publish of @intercom-leads/testing@0.1.0");
  expect(output).toContain("Success Dry run complete");
  expect(result.code).toBe(0);
});
