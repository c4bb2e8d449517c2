// Runs the example in Deno for real: `deno check`, `server.ts` under Deno.serve, and
// `create-lead.ts`, all against the fake Intercom served over HTTP on 127.0.0.1.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { outputMatch } from "../../tests/runtimes/harness/child-output.ts";

const here = dirname(fileURLToPath(import.meta.url));
const rootPackageJson = join(here, "..", "..", "package.json");
const ALLOWED = "http://shop.test";
// Only loopback: the example may reach the fake, and nothing else.
const PERMISSIONS = [
  "--allow-net=127.0.0.1",
  "--allow-env=INTERCOM_TOKEN,INTERCOM_REGION,INTERCOM_BASE_URL,ALLOWED_ORIGINS,HOST,PORT",
];

/** The `deno` npm package (2.9.6, this example's devDependency): its postinstall puts the native binary next to package.json. */
function denoCommand(): [string, ...string[]] {
  const dir = dirname(createRequire(import.meta.url).resolve("deno/package.json"));
  const native = join(dir, "deno");
  return existsSync(native) ? [native] : [process.execPath, join(dir, "bin.cjs")];
}
const [deno, ...denoPrefix] = denoCommand();

let fake: FakeIntercom;
let upstream: FakeIntercomServer;
let server: ChildProcess | undefined;
let serverUrl: string;
let serverOutput = "";
let denoDir: string;
let rootBefore: string;

function denoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DENO_DIR: denoDir,
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    ...extra,
  };
  for (const name of ["INTERCOM_TOKEN", "INTERCOM_REGION", "INTERCOM_BASE_URL", "ALLOWED_ORIGINS", "HOST", "PORT"]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDeno(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(deno, [...denoPrefix, ...args], { cwd: here, env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function postLead(origin: string, lead: Record<string, unknown>): Promise<Response> {
  return fetch(`${serverUrl}/contacts`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify(lead),
  });
}

beforeAll(async () => {
  rootBefore = await readFile(rootPackageJson, "utf8");
  denoDir = await mkdtemp(join(tmpdir(), "intercom-leads-deno-"));
  fake = createFakeIntercom();
  upstream = await serveFakeIntercom(fake);

  server = spawn(deno, [...denoPrefix, "run", ...PERMISSIONS, "server.ts"], {
    cwd: here,
    stdio: ["ignore", "pipe", "pipe"],
    env: denoEnv({
      INTERCOM_BASE_URL: upstream.url,
      INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN,
      ALLOWED_ORIGINS: `${ALLOWED}, http://localhost:5173`,
      HOST: "127.0.0.1",
      PORT: "0",
    }),
  });
  server.stdout!.on("data", (chunk: Buffer) => (serverOutput += chunk));
  server.stderr!.on("data", (chunk: Buffer) => (serverOutput += chunk));
  const { match } = await outputMatch(
    server,
    /Lead proxy listening on (http:\/\/127\.0\.0\.1:\d+) \(POST \/contacts\)/,
    20_000,
  );
  serverUrl = match[1]!;
});

// Each test counts from an empty fake, whichever ran before it.
beforeEach(() => fake.reset());

afterAll(async () => {
  const child = server;
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }
  await upstream?.close();
  if (denoDir) await rm(denoDir, { recursive: true, force: true });

  // Deno 2.9 answers a failed npm/workspace resolution by writing the globs of a nearby
  // pnpm-workspace.yaml into the root package.json as "workspaces". Undo exactly that
  // addition (not anyone else's edits) and fail, so a broken run never leaves it behind.
  const rootAfter = await readFile(rootPackageJson, "utf8");
  if (rootAfter !== rootBefore && !rootBefore.includes('"workspaces"') && rootAfter.includes('"workspaces"')) {
    await writeFile(rootPackageJson, rootAfter.replace(/,\s*"workspaces":\s*\[[^\]]*\]\s*(?=\}\s*$)/, "\n"));
    throw new Error(
      "Deno migrated pnpm-workspace.yaml into the root package.json (undone): a module failed to resolve",
    );
  }
});

it("type-checks server.ts and create-lead.ts (deno check)", async () => {
  const { code, stdout, stderr } = await runDeno(["check", "server.ts", "create-lead.ts"], denoEnv());
  expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "", stderr: "Check server.ts\nCheck create-lead.ts\n" });
});

it("server.ts: Deno.serve with createLeadHandler creates one lead for an allowed origin and refuses others", async () => {
  const response = await postLead(ALLOWED, { email: "winstonsmith@truth.org", name: "Winston Smith" });
  // server.ts logs why an upstream call failed: shown when the answer is not the lead.
  expect(response.status, serverOutput).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  const lead = await response.json();
  expect(lead).toMatchObject({ type: "contact", role: "lead", email: "winstonsmith@truth.org", name: "Winston Smith" });
  expect(fake.leads).toHaveLength(1);
  expect(fake.leads[0]).toMatchObject({ id: lead.id, role: "lead" });
  expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${FAKE_INTERCOM_TOKEN}`);

  const refused = await postLead("http://evil.test", { email: "mallory@evil.test" });
  expect(refused.status).toBe(403);
  expect(fake.leads).toHaveLength(1);
});

it("create-lead.ts creates exactly one lead and prints it", async () => {
  const { code, stdout, stderr } = await runDeno(
    ["run", ...PERMISSIONS, "create-lead.ts", "--email", "julia@truth.org", "--name=Julia", "--phone", "555 0100"],
    denoEnv({ INTERCOM_BASE_URL: upstream.url, INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN }),
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  const printed = JSON.parse(stdout);
  expect(printed).toMatchObject({
    type: "contact",
    role: "lead",
    email: "julia@truth.org",
    name: "Julia",
    phone: "555 0100",
  });
  expect(fake.leads).toHaveLength(1);
  expect(fake.leads[0]).toMatchObject({ id: printed.id, role: "lead" });
});

it("create-lead.ts reports typed errors and exits 1 without creating anything", async () => {
  const invalid = await runDeno(
    ["run", ...PERMISSIONS, "create-lead.ts", "--email", "not-an-email"],
    denoEnv({ INTERCOM_BASE_URL: upstream.url, INTERCOM_TOKEN: FAKE_INTERCOM_TOKEN }),
  );
  // A LeadValidationError: refused before any request was sent.
  expect(invalid).toEqual({ code: 1, stdout: "", stderr: "email: must be an email address\n" });
  expect(fake.requests).toHaveLength(0);

  const unauthorized = await runDeno(
    ["run", ...PERMISSIONS, "create-lead.ts", "--email", "julia@truth.org"],
    denoEnv({ INTERCOM_BASE_URL: upstream.url, INTERCOM_TOKEN: "not-the-token" }),
  );
  expect(unauthorized).toEqual({
    code: 1,
    stdout: "",
    stderr: "IntercomApiError: Intercom answered 401 unauthorized: Access Token Invalid\n",
  });
  expect(fake.requests.map((request) => request.status)).toEqual([401]);
  expect(fake.leads).toHaveLength(0);
});
