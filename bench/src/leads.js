// @ts-check
/** Valid, distinct lead inputs, the shape a conference list or a form backlog has. */
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/**
 * The `i`th lead of a run; `run` keeps the emails of different runs apart.
 * @param {number} i
 * @param {string} [run]
 */
export function leadInput(i, run = "bench") {
  return {
    email: `${run}-lead-${i}@leads.example.com`,
    name: `Bench Lead ${i}`,
    phone: `+1555${String(i).padStart(7, "0")}`,
    custom_attributes: { row: i, list: run, vip: i % 10 === 0 },
  };
}

/**
 * `count` lead inputs, built lazily.
 * @param {number} count
 * @param {string} [run]
 */
export function* leadInputs(count, run) {
  for (let i = 0; i < count; i++) yield leadInput(i, run);
}

/**
 * Writes an NDJSON file of `count` valid leads, streamed (the 100,000-row file is never in memory).
 * @param {string} path
 * @param {number} count
 * @param {string} run
 */
export async function writeNdjson(path, count, run) {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(leadInput(i, run))}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
