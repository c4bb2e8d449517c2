// @ts-check
/**
 * Fallback for the memory benchmark when the CLI is not built: a core-only NDJSON importer
 * (readline → `createLeads`). `node core-import.js <file> <base-url> <token> <concurrency>`.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createIntercom } from "@intercom-leads/core";

const [file, baseUrl, token, concurrency] = process.argv.slice(2);
if (!file || !baseUrl || !token) throw new Error("usage: core-import.js <file> <base-url> <token> <concurrency>");

/** @param {string} path */
async function* rows(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line.trim() !== "") yield JSON.parse(line);
}

const intercom = createIntercom({ token, baseUrl });
const summary = await intercom.createLeads(rows(file), { concurrency: Number(concurrency ?? 8) }).summary();
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.failed === 0 && !summary.aborted ? 0 : 1;
