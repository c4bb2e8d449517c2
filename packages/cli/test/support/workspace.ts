import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFakeIntercom, type FakeIntercom, type FakeIntercomOptions } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";

/** A fake Intercom on a loopback port and a scratch folder for the files of one test. */
export interface Workspace {
  readonly fake: FakeIntercom;
  readonly server: FakeIntercomServer;
  readonly dir: string;
  /** Removes the folder and stops the server. */
  close(): Promise<void>;
}

/** Starts a fake Intercom (no rate limit unless asked) and makes a scratch folder. */
export async function openWorkspace(options: FakeIntercomOptions = {}): Promise<Workspace> {
  const fake = createFakeIntercom({ rateLimit: false, ...options });
  const server = await serveFakeIntercom(fake);
  const dir = mkdtempSync(join(tmpdir(), "intercom-leads-cli-"));
  return {
    fake,
    server,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
