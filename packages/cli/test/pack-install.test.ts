import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { describe, expect } from "vitest";
import { type CliRun, startProcess } from "./support/cli.ts";
import { storedEmails } from "./support/outputs.ts";
import { test } from "./support/workspace.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGES = ["core", "testing", "cli"] as const;

// Slow but bounded: three `pnpm pack`s and one `npm install` from the registry (for the packages' own
// dependencies: ky, commander, csv-parse, cli-progress) take a few seconds; the limit fails a hung install.
const LIMIT_MS = 45_000;

describe("the packed packages, installed with npm", () => {
  test("install into an empty folder and give a working intercom-leads bin", { timeout: LIMIT_MS }, async ({ ws }) => {
    // No token and nothing else of the runner's environment: PATH for node, pnpm and npm; HOME for npm's cache.
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ws.dir };
    const run = async (command: string, args: readonly string[], cwd: string): Promise<CliRun> => {
      const result = await startProcess(command, args, { cwd, env }).done;
      if (result.code !== 0)
        throw new Error(`${command} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
      return result;
    };
    const tarballs = join(ws.dir, "tarballs");
    const app = join(ws.dir, "app");
    mkdirSync(tarballs);
    mkdirSync(app);

    for (const name of PACKAGES)
      await run("pnpm", ["--filter", `@intercom-leads/${name}`, "pack", "--pack-destination", tarballs], ROOT);
    const files = readdirSync(tarballs).filter((file) => file.endsWith(".tgz"));
    expect(files).toHaveLength(PACKAGES.length);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files.map((file) => join(tarballs, file))],
      app,
    );
    const bin = join(app, "node_modules", ".bin", "intercom-leads");

    const version = await run(bin, ["--version"], app);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);

    writeFileSync(join(app, "leads.csv"), "email,name\nwinston@truth.org,Winston\njulia@truth.org,Julia\n");
    const imported = await run(bin, ["import", "leads.csv", "--token", FAKE_INTERCOM_TOKEN, "--base-url", ws.url], app);
    expect(imported.stdout).toMatch(/^created: 2\nfailed: 0\n/);
    expect(storedEmails(ws.fake)).toEqual(["julia@truth.org", "winston@truth.org"]);

    // The fake comes with the CLI (@intercom-leads/testing is a dependency, not a dev one).
    const fake = startProcess(bin, ["fake", "--port", "0"], { cwd: app, env });
    await fake.output("stdout", /^Ctrl-C to stop$/m);
    fake.child.kill("SIGINT");
    expect((await fake.done).code).toBe(0);
  });
});
