import { readFileSync } from "node:fs";
import type { FakeIntercom } from "@intercom-leads/testing";

/** The lines of an NDJSON file, parsed. */
export function readNdjson(path: string): unknown[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** The create requests (`POST /contacts`) the fake received. */
export function createRequests(fake: FakeIntercom): FakeIntercom["requests"] {
  return fake.requests.filter((request) => request.method === "POST" && request.path === "/contacts");
}

/** The lookups (`POST /contacts/search`) the fake received. */
export function searchRequests(fake: FakeIntercom): FakeIntercom["requests"] {
  return fake.requests.filter((request) => request.path === "/contacts/search");
}

/** The emails of the leads the fake holds, sorted. */
export function storedEmails(fake: FakeIntercom): string[] {
  return fake.leads.map((lead) => lead.body.email ?? "").sort();
}

/** The last journal state of every row. */
export function journalStates(path: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const entry of readNdjson(path) as { row: number; state: string }[]) states.set(entry.row, entry.state);
  return states;
}

/** The summary's lines with the timing figures (which vary run to run) masked. */
export function maskTimings(stdout: string): string {
  return stdout.replace(/^elapsed: .+$/m, "elapsed: <t>").replace(/^rate: [\d.]+ /m, "rate: <r> ");
}

/**
 * `stderr` without its plain progress lines: `""` when it holds only such lines (how many depends
 * on how long the run took) and no bar, escape code, carriage return or message besides.
 */
export function besidesProgressLines(stderr: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a progress line ends before the ESC that starts a terminal's escape codes.
  return stderr.replace(/^progress: [^\u001b\r\n]*\n/gm, "");
}
