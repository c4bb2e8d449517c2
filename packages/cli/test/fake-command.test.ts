import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createIntercom } from "@intercom-leads/core";
import { describe, expect } from "vitest";
import { parseDuration, parseRateLimit } from "../src/cli/fake-flags.ts";
import { runCli, startCli } from "./support/cli.ts";
import { test } from "./support/workspace.ts";

describe("intercom-leads fake", () => {
  test.for(["SIGINT", "SIGTERM"] as const)(
    "serves a fake Intercom a client creates leads in, prints its URL and token, and exits 0 on %s",
    async (signal, { dir }) => {
      const fake = startCli(["fake", "--port", "0", "--rate-limit", "10/s", "--search-lag", "2s"], { cwd: dir });
      const [, url = ""] = await fake.output("stdout", /^fake Intercom: (http:\/\/127\.0\.0\.1:\d+)$/m);
      const [, token = ""] = await fake.output("stdout", /^token: (\S+)$/m);
      await fake.output("stdout", /^Ctrl-C to stop$/m);

      const intercom = createIntercom({ token, baseUrl: url });
      const lead = await fake.before(intercom.createLead({ email: "julia@truth.org" }), "the lead was created");
      expect(lead.role).toBe("lead");
      expect(lead.email).toBe("julia@truth.org");

      fake.child.kill(signal);
      const run = await fake.done;

      expect(run.code).toBe(0);
      expect(run.stdout).toContain("rate limit: 10 requests per 1s; search lag: 2s\n");
      expect(run.stdout).toContain(`${signal}: stopped (1 lead stored, now forgotten)\n`);
      expect(run.stderr).toBe("");
    },
  );

  test("exits 2, naming the port, when the port is taken", async ({ ws }) => {
    const port = new URL(ws.url).port;
    const run = await ws.run(["fake", "--port", port]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `error: 127.0.0.1:${port} is in use; pick another with --port (0 for any free one)\n`,
    });
  });

  test("reads rate limits and durations as people write them", () => {
    expect(parseRateLimit("10/s")).toEqual({ limit: 10, windowMs: 1000 });
    expect(parseRateLimit("1666/10s")).toEqual({ limit: 1666, windowMs: 10_000 });
    expect(parseRateLimit("600/m")).toEqual({ limit: 600, windowMs: 60_000 });
    expect(() => parseRateLimit("10/x")).toThrow("such as 10/s");
    expect(() => parseRateLimit("0/s")).toThrow("such as 10/s");
    expect(parseDuration("2s")).toBe(2000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(() => parseDuration("soon")).toThrow("such as 500ms");
  });
});

describe("running the command from a clone", () => {
  test("pnpm intercom-leads and pnpm fake build, then run the built command from the root", async () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const { scripts } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: Record<string, string> };
    // Build output goes to stderr, so the command's stdout stays its own.
    expect(scripts["intercom-leads"]).toBe("pnpm build 1>&2 && node packages/cli/dist/bin.js");
    expect(scripts.fake).toBe("pnpm build 1>&2 && node packages/cli/dist/bin.js fake");
    // What the scripts run after building (building here would rebuild dist under the other tests' feet).
    const run = await runCli(["--version"], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
