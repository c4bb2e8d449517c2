// `import --queue-url`: the rows go to a queue importer's endpoint (a loopback stub here; the real Worker in
// examples/cloudflare-queue-import/test) in batches, each with its Idempotency-Key, journaled as they go.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { runInProcess } from "./support/in-process.ts";
import { test } from "./support/workspace.ts";

interface Post {
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly leads: { email: string }[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A queue endpoint on 127.0.0.1 that records each post and answers `answer(post, n)` (n from 1). */
async function endpoint(
  answer: (post: Post, n: number) => { status: number; body?: unknown },
): Promise<{ url: string; posts: Post[] }> {
  const posts: Post[] = [];
  const server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const post = { url: request.url ?? "", headers: request.headers, leads: JSON.parse(text) as { email: string }[] };
    posts.push(post);
    const { status, body } = answer(post, posts.length);
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/imports/spring/leads`, posts };
}

const queued = (post: Post) => ({
  status: 202,
  body: { accepted: post.leads.length, queued: post.leads.length, invalid: [] },
});
const ndjson = (count: number, from = 0) =>
  `${Array.from({ length: count }, (_, i) => JSON.stringify({ email: `lead-${from + i}@example.com` })).join("\n")}\n`;

test("posts the valid rows in batches of 200 with the bearer secret and one key per batch; no token needed", async ({
  dir,
}) => {
  const stub = await endpoint(queued);
  const file = join(dir, "leads.ndjson");
  writeFileSync(file, ndjson(450));
  const run = await runInProcess(["import", file, "--queue-url", stub.url], { IMPORT_SECRET: "s3cret" });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(stub.posts.map((post) => post.leads.length)).toEqual([200, 200, 50]);
  expect(stub.posts.flatMap((post) => post.leads.map((lead) => lead.email))).toEqual(
    Array.from({ length: 450 }, (_, i) => `lead-${i}@example.com`),
  );
  for (const post of stub.posts) {
    expect(post.url).toBe("/imports/spring/leads");
    expect(post.headers.authorization).toBe("Bearer s3cret");
    expect(post.headers["content-type"]).toBe("application/json");
  }
  const keys = stub.posts.map((post) => String(post.headers["idempotency-key"]));
  expect(new Set(keys).size).toBe(3);
  expect(keys.map((key) => key.replace(/^[0-9a-f-]{36}:/, ""))).toEqual(["0", "1", "2"]);
  expect(run.stdout).toContain("queued: 450 (the queue importer creates them");
  const journal = readFileSync(`${file}.journal`, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(journal.filter((entry) => entry.state === "created")).toHaveLength(450);
});

test("posts a batch again with the same key after a 503, and once queued never again", async ({ dir }) => {
  const stub = await endpoint((post, n) =>
    n === 1 ? { status: 503, body: { errors: [{ message: "busy" }] } } : queued(post),
  );
  const file = join(dir, "leads.ndjson");
  writeFileSync(file, ndjson(3));
  const run = await runInProcess(["import", file, "--queue-url", stub.url, "--queue-secret", "s3cret"]);
  expect(run.code).toBe(0);
  expect(stub.posts).toHaveLength(2);
  expect(stub.posts[1]?.headers["idempotency-key"]).toBe(stub.posts[0]?.headers["idempotency-key"]);
  // Run again: every row is done, nothing is posted.
  const again = await runInProcess(["import", file, "--queue-url", stub.url, "--queue-secret", "s3cret"]);
  expect(again.code).toBe(0);
  expect(stub.posts).toHaveLength(2);
  expect(again.stdout).toContain("already done: 3 (by earlier runs: 3 created, 0 failed, 0 skipped)");
});

test("rows an interrupted run was sending are posted apart, marked mayExist", async ({ dir }) => {
  const stub = await endpoint(queued);
  const file = join(dir, "leads.ndjson");
  writeFileSync(file, ndjson(5));
  // An earlier run queued row 1 and was posting rows 2 and 3 when it died.
  writeFileSync(
    `${file}.journal`,
    [
      '{"row":1,"state":"sending"}',
      '{"row":1,"state":"created"}',
      '{"row":2,"state":"sending"}',
      '{"row":3,"state":"sending"}',
      "",
    ].join("\n"),
  );
  const run = await runInProcess(["import", file, "--queue-url", stub.url], { IMPORT_SECRET: "s3cret" });
  expect(run.code).toBe(0);
  expect(stub.posts.map((post) => [post.url, post.leads.map((lead) => lead.email)])).toEqual([
    ["/imports/spring/leads?mayExist=true", ["lead-1@example.com", "lead-2@example.com"]],
    ["/imports/spring/leads", ["lead-3@example.com", "lead-4@example.com"]],
  ]);
});

test("a refused batch stops the import, its rows unsent: the next run posts them as new", async ({ dir }) => {
  const stub = await endpoint((post, n) =>
    n === 1
      ? {
          status: 401,
          body: {
            type: "error.list",
            errors: [{ code: "unauthorized", message: "Send Authorization: Bearer <IMPORT_SECRET>" }],
          },
        }
      : queued(post),
  );
  const file = join(dir, "leads.ndjson");
  writeFileSync(file, ndjson(2));
  const first = await runInProcess(["import", file, "--queue-url", stub.url], { IMPORT_SECRET: "wrong" });
  expect(first.code).toBe(3);
  expect(first.stdout).toContain(
    "stopped: the queue endpoint refused a batch: 401: Send Authorization: Bearer <IMPORT_SECRET>",
  );
  const second = await runInProcess(["import", file, "--queue-url", stub.url], { IMPORT_SECRET: "s3cret" });
  expect(second.code).toBe(0);
  expect(stub.posts[1]?.url).toBe("/imports/spring/leads");
  expect(stub.posts[1]?.leads).toHaveLength(2);
});

test.for([
  [
    ["--queue-url", "ftp://importer.test/imports/a/leads"],
    { IMPORT_SECRET: "s" },
    "The queue URL must be an https:// URL",
  ],
  [
    ["--queue-url", "http://importer.test/imports/a/leads"],
    { IMPORT_SECRET: "s" },
    "The queue URL must be an https:// URL",
  ],
  [["--queue-url", "https://importer.test/imports/a/leads"], {}, "The queue endpoint's secret is needed"],
] as const)("refuses %j as a usage error (exit 2), sending nothing", async ([flags, env, message], { dir }) => {
  const file = join(dir, "leads.ndjson");
  writeFileSync(file, ndjson(1));
  const run = await runInProcess(["import", file, ...flags], env);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`error: ${message}`);
});
