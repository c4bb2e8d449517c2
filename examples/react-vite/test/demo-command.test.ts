import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.pid) process.kill(-child.pid, "SIGTERM");
});

/** Collects output until `pattern` appears, or fails after `ms`. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp, ms: number): Promise<{ match: RegExpMatchArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)), ms);
    stream.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // Vite colours its banner; strip escapes before matching.
      const match = output.replace(/\x1b\[[0-9;]*m/g, "").match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    });
  });
}

it("the demo's dev command starts the page with the proxy and, without a token, a fake Intercom", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete env.INTERCOM_TOKEN;
  child = spawn(join(root, "node_modules/.bin/vite"), ["--port", "0", "--strictPort=false"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const { match, output } = await waitFor(child.stdout!, /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/, 20_000);
  expect(output).toMatch(/Intercom: no INTERCOM_TOKEN set, so leads go to a fake Intercom at http:\/\/127\.0\.0\.1:\d+ \(nothing leaves this machine\)/);
  const pageUrl = match[1]!;

  const page = await fetch(pageUrl);
  expect(await page.text()).toContain('<div id="root"></div>');

  const origin = new URL(pageUrl).origin;
  const created = await fetch(`${origin}/api/intercom/contacts`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email: "winstonsmith@truth.org", name: "Winston Smith", role: "lead" }),
  });
  expect(created.status).toBe(200);
  expect(await created.json()).toMatchObject({ type: "contact", role: "lead", email: "winstonsmith@truth.org" });

  const foreign = await fetch(`${origin}/api/intercom/contacts`, {
    method: "POST",
    headers: { origin: "https://elsewhere.example", "content-type": "application/json" },
    body: JSON.stringify({ email: "a@b.co" }),
  });
  expect(foreign.status).toBe(403);
});
