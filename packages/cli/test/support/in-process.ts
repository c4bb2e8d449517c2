import { main } from "../../src/cli/main.ts";
import type { CliRun } from "./cli.ts";

/** A stream that keeps what is written to it, as a pipe would: no TTY. */
function collector(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = "";
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WritableStream, text: () => text };
}

/**
 * Runs the command line in this process through `main`, what the built `bin.js` runs: for checks
 * of the arguments, where starting Node each time would be most of the test. Relative paths
 * resolve against the test runner's folder, so give files by absolute path. `env` is the whole
 * environment the command sees.
 */
export async function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}
