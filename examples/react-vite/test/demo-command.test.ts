import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { outputMatch } from "../../../tests/runtimes/harness/child-output.ts";

const root = join(import.meta.dirname, "..");
let child: ChildProcess | undefined;

afterAll(async () => {
  const running = child;
  if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise((resolve) => running.once("exit", resolve));
  // Detached: Vite and the fake Intercom it started share one process group.
  process.kill(-running.pid, "SIGTERM");
  await exited;
});

it("the demo's dev command prints the URL, starts the proxy on a fake Intercom, and logs one line per lead", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete env.INTERCOM_TOKEN;
  child = spawn(join(root, "node_modules/.bin/vite"), ["--port", "0", "--strictPort=false"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let everything = "";
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk) => (everything += String(chunk)));
  // Both lines, in whichever order Vite and the plugin print them.
  const [local] = await Promise.all([
    outputMatch(child, /Lead form: (http:\/\/127\.0\.0\.1:\d+\/)/, 20_000),
    outputMatch(
      child,
      /Intercom: no INTERCOM_TOKEN set, so leads go to a fake Intercom at http:\/\/127\.0\.0\.1:\d+ \(nothing leaves this machine\)/,
      20_000,
    ),
  ]);
  const pageUrl = local.match[1]!;

  const page = await fetch(pageUrl);
  expect(await page.text()).toContain('<div id="root"></div>');

  const origin = new URL(pageUrl).origin;
  const demo = await fetch(`${origin}/api/intercom/__demo`);
  expect(await demo.json()).toEqual({ upstream: "fake", region: "us" });

  const logged = outputMatch(
    child,
    /lead created in the fake Intercom: (\w+) \(winstonsmith@truth\.org, Winston Smith\)/,
    10_000,
  );
  const created = await fetch(`${origin}/api/intercom/contacts`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email: "winstonsmith@truth.org", name: "Winston Smith", role: "lead" }),
  });
  expect(created.status).toBe(200);
  const lead = await created.json();
  expect(lead).toMatchObject({ type: "contact", role: "lead", email: "winstonsmith@truth.org" });
  expect((await logged).match[1]).toBe(lead.id);

  const foreign = await fetch(`${origin}/api/intercom/contacts`, {
    method: "POST",
    headers: { origin: "https://elsewhere.example", "content-type": "application/json" },
    body: JSON.stringify({ email: "a@b.co" }),
  });
  expect(foreign.status).toBe(403);

  // Vite's own banner and notices stay out (logLevel "warn"): the plugin's lines are the whole output.
  const lines = everything
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  expect(lines).toHaveLength(3);
  expect(lines[2]).toMatch(/^\S.* lead created in the fake Intercom: \w+ \(winstonsmith@truth\.org, Winston Smith\)$/);
  expect(lines.filter((line) => line.includes("lead created"))).toHaveLength(1);
});
