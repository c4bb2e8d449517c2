// The importer's HTTP surface and its dedupe of copies, in workerd: auth, refusals, Idempotency-Key replays,
// and copies of one input on the queue (a re-posted batch's) creating one lead.
import { expect, it, vi } from "vitest";
import type { LeadMessage } from "../src/env.ts";
import type { ImportCounts } from "../src/progress.ts";
import { IMPORT_SECRET, useImporter } from "./support/importer.ts";

const live = useImporter();

const errorOf = async (response: Response) => ({ status: response.status, body: await response.json() });
const error = (status: number, code: string, message: string) => ({
  status,
  body: { type: "error.list", errors: [{ code, message }] },
});

async function settled(importId: string, expected: number): Promise<ImportCounts> {
  return vi.waitFor(
    async () => {
      const counts = await live.importer.get<ImportCounts>(`/imports/${importId}`);
      if (counts.pending !== 0 || counts.created + counts.deadLettered < expected)
        throw new Error(`not settled: ${JSON.stringify(counts)}`);
      return counts;
    },
    { timeout: 20_000, interval: 100 },
  );
}

it("wants the bearer secret on every route, and refuses what is not a batch of leads", async () => {
  const leads = `${live.importer.url}/imports/a/leads`;
  expect(await errorOf(await fetch(leads, { method: "POST", body: "[]" }))).toEqual(
    error(401, "unauthorized", "Send Authorization: Bearer <IMPORT_SECRET>"),
  );
  expect(
    await errorOf(await fetch(`${live.importer.url}/imports/a`, { headers: { authorization: "Bearer nope" } })),
  ).toEqual(error(401, "unauthorized", "Send Authorization: Bearer <IMPORT_SECRET>"));
  const auth = { authorization: `Bearer ${IMPORT_SECRET}` };
  expect(await errorOf(await fetch(`${live.importer.url}/elsewhere`, { headers: auth }))).toEqual(
    error(404, "not_found", "Not found"),
  );
  expect(await errorOf(await fetch(leads, { method: "POST", headers: auth, body: "[]" }))).toEqual(
    error(415, "unsupported_media_type", "Send a JSON array of leads (Content-Type: application/json)"),
  );
  expect(await errorOf(await live.importer.post("a", {}))).toEqual(
    error(400, "invalid_batch", "Send a JSON array of 1 to 1000 leads"),
  );
  expect(
    await errorOf(
      await live.importer.post(
        "a",
        Array.from({ length: 1_001 }, () => ({})),
      ),
    ),
  ).toEqual(error(400, "invalid_batch", "Send a JSON array of 1 to 1000 leads"));
  expect(await errorOf(await live.importer.post("bad%20id", [{ email: "a@example.com" }]))).toEqual(
    error(400, "invalid_import_id", "An import id is 1 to 64 letters, digits, '.', '_' or '-'"),
  );
  expect(
    await errorOf(
      await fetch(`${leads}?mayExist=soon`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "[{}]",
      }),
    ),
  ).toEqual(error(400, "invalid_parameter", "mayExist must be Unix milliseconds or true"));
  expect(live.intercom.fake.requests).toHaveLength(0);
});

it("replays a post with the same Idempotency-Key, refuses the key for another batch, and creates the leads once", async () => {
  const batch = [{ email: "julia@truth.org" }, { email: "obrien@truth.org" }];
  const first = await live.importer.post("keyed", batch, { "idempotency-key": "batch-1" });
  expect(first.status).toBe(202);
  const answer = await first.json();
  expect(answer).toEqual({
    importId: "keyed",
    batch: expect.stringMatching(/^key:[0-9a-f]{32}$/),
    accepted: 2,
    queued: 2,
    invalid: [],
  });
  const again = await live.importer.post("keyed", batch, { "idempotency-key": "batch-1" });
  expect(again.status).toBe(202);
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  expect(await again.json()).toEqual(answer);
  expect(
    await errorOf(
      await live.importer.post("keyed", [{ email: "winston@truth.org" }], { "idempotency-key": "batch-1" }),
    ),
  ).toEqual(error(422, "idempotency_key_reused", "This Idempotency-Key was used for another batch"));
  expect(await settled("keyed", 2)).toMatchObject({ accepted: 2, queued: 2, created: 2, pending: 0 });
  expect(live.intercom.fake.leads.map((lead) => (lead.body as { email: string }).email).sort()).toEqual([
    "julia@truth.org",
    "obrien@truth.org",
  ]);
});

it("creates one lead from copies of one input on the queue (a re-posted batch's), whichever comes first", async () => {
  const before = live.intercom.fake.leads.length;
  await live.importer.post("copies", [{ email: "goldstein@truth.org" }], { "idempotency-key": "k" });
  const { batch } = (await (
    await live.importer.post("copies", [{ email: "goldstein@truth.org" }], { "idempotency-key": "k" })
  ).json()) as { batch: string };
  // Three more copies of the same input with the same ref, straight onto the queue: new Queues message ids.
  const leads = await live.importer.miniflare.getQueueProducer<LeadMessage>("LEADS");
  const copy: LeadMessage = { importId: "copies", ref: `${batch}:0`, input: { email: "goldstein@truth.org" } };
  await leads.sendBatch([{ body: copy }, { body: copy }, { body: { ...copy, mayExist: true } }]);
  const counts = await settled("copies", 1);
  expect(counts).toMatchObject({ accepted: 1, queued: 1, created: 1, failed: 0, deadLettered: 0, pending: 0 });
  // Every copy consumed: each is acked after its claim came back completed (or after its create, had the
  // claims failed to tell the copies apart). 2 acks from the test before, 4 copies here.
  await vi.waitFor(
    async () => {
      const chaos = await live.importer.get<{ acks: number }>("/__chaos");
      if (chaos.acks < 2 + 4) throw new Error("copies still queued");
    },
    { timeout: 20_000, interval: 100 },
  );
  const emails = live.intercom.fake.leads.slice(before).map((lead) => (lead.body as { email: string }).email);
  expect(emails).toEqual(["goldstein@truth.org"]);
});

it("dead-letters a message that is no lead message, readable under the import 'unknown'", async () => {
  const leads = await live.importer.miniflare.getQueueProducer<unknown>("LEADS");
  await leads.send({ hello: "world" });
  const { records } = await vi.waitFor(
    async () => {
      const page = await live.importer.get<{ records: { reason: string; input: unknown; error: unknown }[] }>(
        "/imports/unknown/dead-letters",
      );
      if (page.records.length === 0) throw new Error("not dead-lettered yet");
      return page;
    },
    { timeout: 20_000, interval: 100 },
  );
  expect(records).toEqual([
    expect.objectContaining({
      reason: "invalid",
      input: { hello: "world" },
      error: { name: "InvalidMessage", message: "The message is not a lead message ({ importId, ref, input })" },
    }),
  ]);
});
