// `intercom-leads import <file> --queue-url …` (the CLI's own binary, as a child process) feeding the
// importer in workerd: the rows are queued in batches, the consumer creates each lead once, and a post whose
// answer was lost is posted again with the same Idempotency-Key without queueing its batch twice.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { ImportCounts } from "../src/progress.ts";
import { IMPORT_SECRET, useImporter } from "./support/importer.ts";

const bin = join(dirname(createRequire(import.meta.url).resolve("@intercom-leads/cli/package.json")), "dist", "bin.js");
const ROWS = 450;
// Two rows the CLI refuses itself (never posted): they go to its rejects file.
const BAD_ROWS = new Set([17, 301]);

let temp: string;

const live = useImporter({ LOSE_FIRST_ENQUEUE_ANSWER: "1" });
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), "queue-import-cli-"));
});
afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

it("queues a file through --queue-url: one lead per valid row, the lost answer's batch queued once", async () => {
  const file = join(temp, "leads.ndjson");
  const lines = Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify(
      BAD_ROWS.has(i) ? { email: `row-${i}`, name: `Row ${i}` } : { email: `row-${i}@example.com`, name: `Row ${i}` },
    ),
  );
  await writeFile(file, `${lines.join("\n")}\n`);
  const started = performance.now();
  const run = await promisify(execFile)(
    process.execPath,
    [bin, "import", file, "--queue-url", `${live.importer.url}/imports/cli-run/leads`],
    { env: { ...process.env, IMPORT_SECRET, INTERCOM_TOKEN: "" } },
  ).catch((error: { code: number; stdout: string; stderr: string }) => error);
  // Exit code 1: every row done, two rejected.
  expect((run as { code?: number }).code).toBe(1);
  expect(run.stdout).toContain(`queued: ${ROWS - BAD_ROWS.size} (the queue importer creates them`);
  expect(run.stdout).toContain("failed: 2");
  expect(run.stdout).toContain(`rejects: 2 rows in ${file}.rejects.ndjson`);

  const journal = (await readFile(`${file}.journal`, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { row: number; state: string });
  const last = new Map(journal.map((entry) => [entry.row, entry.state]));
  expect([...last.values()].filter((state) => state === "created")).toHaveLength(ROWS - BAD_ROWS.size);
  expect([...last.values()].filter((state) => state === "failed")).toHaveLength(2);

  const counts = await vi.waitFor(
    async () => {
      const now = await live.importer.get<ImportCounts>("/imports/cli-run");
      if (now.pending !== 0) throw new Error(`not settled: ${JSON.stringify(now)}`);
      return now;
    },
    { timeout: 60_000, interval: 200 },
  );
  const elapsedMs = performance.now() - started;
  // The batch whose answer was lost was accepted once: 448 inputs, not 648.
  expect(counts).toMatchObject({ accepted: 448, queued: 448, created: 448, failed: 0, deadLettered: 0, pending: 0 });
  const emails = live.intercom.fake.leads.map((lead) => (lead.body as { email: string }).email);
  expect(emails).toHaveLength(448);
  expect(new Set(emails).size).toBe(448);

  // 3 batches of up to 200 rows, the first posted twice (its answer lost, then replayed).
  const chaos = await live.importer.get<{ enqueuePosts: number; lostAnswers: number }>("/__chaos");
  expect(chaos).toMatchObject({ enqueuePosts: 4, lostAnswers: 1 });
  console.log(
    `CLI --queue-url: ${ROWS} rows → ${emails.length} leads, 0 duplicates, ${chaos.enqueuePosts} posts (1 answer lost and replayed), ${Math.round(elapsedMs)} ms`,
  );
});
