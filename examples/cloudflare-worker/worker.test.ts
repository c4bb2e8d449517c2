// Runs the example for real: `wrangler dev` (workerd, local mode) serving src/index.ts, with the
// Worker's Intercom upstream pointed at the fake Intercom on 127.0.0.1, Turnstile's siteverify at a
// fake on 127.0.0.1, and wrangler's local Rate Limiting binding and Durable Objects.
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
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { inOneWindow } from "../../packages/cloudflare/test/support/one-window.ts";
import { outputMatch } from "../../tests/runtimes/harness/child-output.ts";
import { type FakeSiteverify, passingToken, serveFakeSiteverify } from "./fake-siteverify.ts";

const here = dirname(fileURLToPath(import.meta.url));
const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);
const ALLOWED = "http://shop.test";
const TURNSTILE_SECRET = "turnstile-test-secret";
/** wrangler.toml's `[[ratelimits]]` limit (per 60 s). */
const LIMIT = 5;

let fake: FakeIntercom;
let upstream: FakeIntercomServer;
let siteverify: FakeSiteverify;
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

let clients = 0;
/**
 * A client address of its own (Cloudflare sets CF-Connecting-IP; wrangler dev passes the test's on),
 * so each test starts with the Rate Limiting binding's whole limit.
 */
const newClient = () => `203.0.113.${++clients}`;

function postLead(
  origin: string,
  lead: Record<string, unknown>,
  headers: Record<string, string> = {},
  client = newClient(),
): Promise<Response> {
  return fetch(`${workerUrl}/api/intercom/contacts`, {
    method: "POST",
    headers: {
      origin,
      "content-type": "application/json",
      accept: "application/json",
      "cf-connecting-ip": client,
      ...headers,
    },
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
  siteverify = await serveFakeSiteverify(TURNSTILE_SECRET, "shop.test");
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
      "--var",
      `TURNSTILE_SECRET_KEY:${TURNSTILE_SECRET}`,
      "--var",
      `TURNSTILE_SITEVERIFY_URL:${siteverify.url}`,
      "--var",
      "TURNSTILE_HOSTNAMES:shop.test",
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
  await siteverify?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

it("type-checks src/index.ts against @cloudflare/workers-types (tsc -p .)", async () => {
  await expect(typecheck).resolves.toEqual({ stdout: "", stderr: "" });
});

beforeEach(() => {
  fake.reset();
  siteverify.calls.length = 0;
});

const creates = () => fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");

it("creates exactly one lead for a verified human, over plain http to the fake on 127.0.0.1", async () => {
  const client = newClient();
  const response = await postLead(
    ALLOWED,
    { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" },
    { "x-verification-token": passingToken("winston") },
    client,
  );
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

  // Turnstile was asked once, with the secret, the widget's token and the client's address.
  expect(siteverify.calls).toEqual([
    {
      secret: TURNSTILE_SECRET,
      response: passingToken("winston"),
      remoteip: client,
      idempotency_key: expect.any(String),
    },
  ]);
  expect(fake.leads).toHaveLength(1);
  expect(fake.leads[0]).toMatchObject({
    id: lead.id,
    role: "lead",
    body: { email: "winstonsmith@truth.org", name: "Winston Smith" },
  });
  // The Worker, not the browser, sent the token: the fake saw it on the one create request.
  expect(creates()).toHaveLength(1);
  expect(creates()[0]!.headers.authorization).toBe(`Bearer ${FAKE_INTERCOM_TOKEN}`);
  expect(JSON.stringify(lead)).not.toContain(FAKE_INTERCOM_TOKEN);
});

it("refuses a disallowed origin with 403 and creates nothing", async () => {
  const response = await postLead(
    "http://evil.test",
    { email: "mallory@evil.test" },
    { "x-verification-token": passingToken("mallory") },
  );
  expect(response.status).toBe(403);
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
  expect(await response.json()).toEqual({
    type: "error.list",
    errors: [{ code: "origin_not_allowed", message: "This origin may not create leads" }],
  });
  expect(siteverify.calls).toHaveLength(0);
  expect(fake.requests).toHaveLength(0);
  expect(fake.leads).toHaveLength(0);
});

const humanCheckFailed = {
  type: "error.list",
  errors: [{ code: "human_verification_failed", message: "The human check failed; try again with a new one" }],
};

it("refuses a lead without a Turnstile token with 403, asking nobody and creating nothing", async () => {
  const response = await postLead(ALLOWED, { email: "bot@spam.test" });
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual(humanCheckFailed);
  expect(siteverify.calls).toHaveLength(0);
  expect(fake.requests).toHaveLength(0);
});

it("refuses a token Turnstile rejects, and a used one, with 403 and creates nothing more", async () => {
  const bad = await postLead(ALLOWED, { email: "bot@spam.test" }, { "x-verification-token": "forged" });
  expect(bad.status).toBe(403);
  expect(await bad.json()).toEqual(humanCheckFailed);
  expect(siteverify.calls.map((call) => call.response)).toEqual(["forged"]);
  expect(fake.requests).toHaveLength(0);

  // A token is good once: replaying a solved one (without an idempotency key) is refused.
  const token = { "x-verification-token": passingToken("replayed") };
  expect((await postLead(ALLOWED, { email: "tom@parsons.test" }, token)).status).toBe(200);
  const replay = await postLead(ALLOWED, { email: "tom@parsons.test" }, token);
  expect(replay.status).toBe(403);
  expect(await replay.json()).toEqual(humanCheckFailed);
  expect(creates()).toHaveLength(1);
});

it(`lets ${LIMIT} leads a minute through from one client, then answers 429 from the binding with nothing upstream`, async () => {
  const answers = await inOneWindow(60, async () => {
    fake.reset();
    siteverify.calls.length = 0;
    const client = newClient();
    const sent: Array<{ status: number; retryAfter: string | null; body: unknown }> = [];
    for (let i = 0; i <= LIMIT; i++) {
      const response = await postLead(
        ALLOWED,
        { email: `parsons${i}@minitrue.gov` },
        { "x-verification-token": passingToken(`${client}-${i}`) },
        client,
      );
      sent.push({
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.json(),
      });
    }
    return sent;
  });
  expect(answers.map((answer) => answer.status)).toEqual([...Array.from({ length: LIMIT }, () => 200), 429]);
  expect(answers[LIMIT]).toEqual({
    status: 429,
    retryAfter: "60",
    body: {
      type: "error.list",
      errors: [{ code: "too_many_requests", message: "Too many leads from here; try again later" }],
    },
  });
  expect(fake.leads).toHaveLength(LIMIT);
  expect(creates()).toHaveLength(LIMIT);
  // The refused one never reached Turnstile: a flood costs no verification calls.
  expect(siteverify.calls).toHaveLength(LIMIT);
});

it(`creates one lead for ${LIMIT} concurrent sends with one idempotency key (the Durable Object store), each answered with it`, async () => {
  const key = crypto.randomUUID();
  const client = newClient();
  const responses = await Promise.all(
    Array.from({ length: LIMIT }, (_, i) =>
      postLead(
        ALLOWED,
        { email: "julia@minitrue.gov" },
        { "idempotency-key": key, "x-verification-token": passingToken(`julia-${i}`) },
        client,
      ),
    ),
  );
  const answers = await Promise.all(
    responses.map(async (response) => ({ status: response.status, body: await response.text() })),
  );
  expect(creates()).toHaveLength(1);
  expect(fake.leads).toHaveLength(1);
  for (const answer of answers) expect(answer).toEqual({ status: 200, body: answers[0]!.body });
  expect(JSON.parse(answers[0]!.body)).toMatchObject({ id: fake.leads[0]!.id, email: "julia@minitrue.gov" });
});
