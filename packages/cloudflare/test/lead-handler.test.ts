// The lead handler of @intercom-leads/core/server in workerd with this package's stores, end to end:
// two Workers (two scripts, so two isolates) share one Durable Object namespace, and the fake Intercom
// on 127.0.0.1 is the upstream.
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeIntercom } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { Miniflare, type WorkerOptions } from "miniflare";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { moduleWorker } from "../../../tests/runtimes/harness/workerd.js";
import { inOneWindow } from "./support/one-window.ts";
import { bundleWorker } from "./support/workerd.ts";

const LIMIT = 3;

let fake: FakeIntercom;
let upstream: FakeIntercomServer;
let miniflare: Miniflare;
/** The two Workers' hosts (Miniflare routes by them): each Worker its own isolate. */
const isolates = ["a.test", "b.test"];

beforeAll(async () => {
  fake = createFakeIntercom();
  upstream = await serveFakeIntercom(fake);
  const script = await bundleWorker("stores-worker");
  const shared: WorkerOptions = moduleWorker(script, {
    ratelimits: { LIMITER: { namespace_id: "1001", simple: { limit: LIMIT, period: 60 } } },
    bindings: {
      FAKE_URL: upstream.url,
      TOKEN: FAKE_INTERCOM_TOKEN,
      RULE: JSON.stringify({ requests: LIMIT, windowSeconds: 60 }),
    },
  });
  miniflare = new Miniflare({
    workers: [
      {
        ...shared,
        name: "a",
        routes: ["a.test/*"],
        durableObjects: { IDEMPOTENCY: "IntercomIdempotencyStore", CLOCKED: "ClockedIdempotencyStore" },
      },
      {
        ...shared,
        name: "b",
        routes: ["b.test/*"],
        // Worker b reaches the objects of Worker a's class: one namespace, as in a real deployment.
        durableObjects: {
          IDEMPOTENCY: { className: "IntercomIdempotencyStore", scriptName: "a" },
          CLOCKED: { className: "ClockedIdempotencyStore", scriptName: "a" },
        },
      },
    ],
  });
});
afterAll(async () => {
  await miniflare?.dispose();
  await upstream?.close();
});
beforeEach(() => fake.reset());

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function postLead(
  isolate: number,
  route: string,
  lead: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Sent> {
  const response = await miniflare.dispatchFetch(`http://${isolates[isolate]}/${route}/contacts`, {
    method: "POST",
    headers: { origin: "http://shop.test", "content-type": "application/json", ...headers },
    body: JSON.stringify(lead),
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

const creates = () => fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");

it("creates one lead for 20 concurrent sends of one key, spread over two isolates, and answers each the same", async () => {
  const key = crypto.randomUUID();
  const lead = { email: "julia@minitrue.gov", name: "Julia" };
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => postLead(i % 2, "keyed", lead, { "idempotency-key": key })),
  );
  expect(fake.leads).toHaveLength(1);
  expect(creates()).toHaveLength(1);
  const [first] = answers;
  expect(first!.status).toBe(200);
  expect(JSON.parse(first!.body)).toMatchObject({ id: fake.leads[0]!.id, email: "julia@minitrue.gov" });
  for (const answer of answers)
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: first!.body });

  // A resend later, to either isolate, is answered from the store: still one create.
  expect(await postLead(1, "keyed", lead, { "idempotency-key": key })).toMatchObject({
    status: 200,
    body: first!.body,
  });
  expect(creates()).toHaveLength(1);
});

it("answers 422 idempotency_key_reused to the key with another body, sending nothing upstream", async () => {
  const key = crypto.randomUUID();
  expect((await postLead(0, "keyed", { email: "julia@minitrue.gov" }, { "idempotency-key": key })).status).toBe(200);
  const reused = await postLead(1, "keyed", { email: "obrien@minitrue.gov" }, { "idempotency-key": key });
  expect(reused.status).toBe(422);
  expect(JSON.parse(reused.body)).toMatchObject({
    type: "error.list",
    errors: [expect.objectContaining({ code: "idempotency_key_reused" })],
  });
  expect(creates()).toHaveLength(1);
});

it("with the in-memory store instead, the same 20 sends create one lead per isolate: what the object fixes", async () => {
  const key = crypto.randomUUID();
  const lead = { email: "syme@minitrue.gov" };
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => postLead(i % 2, "keyed-memory", lead, { "idempotency-key": key })),
  );
  expect(creates()).toHaveLength(2);
});

it("lets the Rate Limiting binding's limit through per client, then answers 429 with nothing upstream", async () => {
  let attempt = 0;
  const answers = await inOneWindow(60, async () => {
    fake.reset();
    // Cloudflare sets CF-Connecting-IP; a fresh address per attempt is a fresh count.
    const ip = `203.0.113.${++attempt}`;
    const sent: Sent[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      sent.push(await postLead(i % 2, "limited", { email: `parsons${i}@minitrue.gov` }, { "cf-connecting-ip": ip }));
    }
    return sent;
  });
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
  expect(answers[LIMIT]!.headers["retry-after"]).toBe("60");
  expect(JSON.parse(answers[LIMIT]!.body)).toEqual({
    type: "error.list",
    errors: [{ code: "too_many_requests", message: "Too many leads from here; try again later" }],
  });
  expect(fake.leads.map((lead) => lead.body.email)).toEqual([
    "parsons0@minitrue.gov",
    "parsons1@minitrue.gov",
    "parsons2@minitrue.gov",
  ]);
  expect(creates()).toHaveLength(LIMIT);
});
