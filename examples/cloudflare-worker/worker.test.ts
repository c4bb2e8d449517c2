// Runs the example for real: `wrangler dev` (workerd, local mode) serving src/index.ts,
// with the Worker's Intercom upstream pointed at the fake Intercom on 127.0.0.1.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { outputMatch } from "../../tests/runtimes/harness/child-output.ts";

const here = dirname(fileURLToPath(import.meta.url));
const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);
const ALLOWED = "http://shop.test";

let fake: FakeIntercom;
let upstream: FakeIntercomServer;
let wrangler: ChildProcess | undefined;
let workerUrl: string;
let temp: string;
let output = "";
let typecheck: Promise<{ stdout: string; stderr: string }>;

/** A port nothing listens on right now; wrangler needs a number, not 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function stopWrangler(): Promise<void> {
  const child = wrangler;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Detached, so wrangler, its node child and both workerd processes share one process group.
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function postLead(origin: string, lead: Record<string, unknown>): Promise<Response> {
  return fetch(`${workerUrl}/api/intercom/contacts`, {
    method: "POST",
    headers: { origin, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(lead),
  });
}

beforeAll(async () => {
  // Type-check while wrangler boots; the first test awaits it.
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  typecheck = promisify(execFile)(process.execPath, [tsc, "-p", here], { cwd: here });
  typecheck.catch(() => {}); // reported by its test, not as an unhandled rejection
  fake = createFakeIntercom();
  upstream = await serveFakeIntercom(fake);
  temp = await mkdtemp(join(tmpdir(), "intercom-leads-wrangler-"));
  // An empty env file: a developer's .dev.vars or .env in this folder must not leak into the test.
  const envFile = join(temp, "empty.env");
  await writeFile(envFile, "");
  const port = await freePort();
  workerUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  wrangler = spawn(
    process.execPath,
    [
      wranglerBin,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--env-file",
      envFile,
      "--persist-to",
      join(temp, "state"),
      "--show-interactive-dev-session=false",
      "--var",
      `INTERCOM_BASE_URL:${upstream.url}`,
      "--var",
      `INTERCOM_TOKEN:${FAKE_INTERCOM_TOKEN}`,
      "--var",
      `ALLOWED_ORIGINS:${ALLOWED}`,
    ],
    {
      cwd: here,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        XDG_CONFIG_HOME: join(temp, "config"),
        NO_COLOR: "1",
        CI: "1",
      },
    },
  );
  wrangler.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  wrangler.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  // Wrangler says so once it takes requests (it holds them until the Worker has loaded).
  await outputMatch(wrangler, new RegExp(`Ready on ${workerUrl.replaceAll(".", "\\.")}`), 35_000);
  console.log(`wrangler dev ready after ${Date.now() - started} ms`);
  if (process.env.DEBUG_WRANGLER) console.log(output);
});

afterAll(async () => {
  await stopWrangler();
  await upstream?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

it("type-checks src/index.ts against @cloudflare/workers-types (tsc -p .)", async () => {
  await expect(typecheck).resolves.toEqual({ stdout: "", stderr: "" });
});

it("creates exactly one lead for an allowed origin, over plain http to the fake on 127.0.0.1", async () => {
  fake.reset();
  const response = await postLead(ALLOWED, {
    email: "winstonsmith@truth.org",
    name: "Winston Smith",
    phone: "123987456",
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  const lead = await response.json();
  expect(lead).toMatchObject({
    type: "contact",
    role: "lead",
    email: "winstonsmith@truth.org",
    name: "Winston Smith",
    phone: "123987456",
  });

  expect(fake.leads).toHaveLength(1);
  expect(fake.leads[0]).toMatchObject({
    id: lead.id,
    role: "lead",
    body: { email: "winstonsmith@truth.org", name: "Winston Smith" },
  });
  // The Worker, not the browser, sent the token: the fake saw it on the one create request.
  const creates = fake.requests.filter((request) => request.method === "POST");
  expect(creates).toHaveLength(1);
  expect(creates[0]!.headers.authorization).toBe(`Bearer ${FAKE_INTERCOM_TOKEN}`);
  expect(JSON.stringify(lead)).not.toContain(FAKE_INTERCOM_TOKEN);
});

it("refuses a disallowed origin with 403 and creates nothing", async () => {
  fake.reset();
  const response = await postLead("http://evil.test", { email: "mallory@evil.test" });
  expect(response.status).toBe(403);
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
  expect(await response.json()).toEqual({
    type: "error.list",
    errors: [{ code: "origin_not_allowed", message: "This origin may not create leads" }],
  });
  expect(fake.requests).toHaveLength(0);
  expect(fake.leads).toHaveLength(0);
});
