/** Waiting for a line from a child process. Node built-ins only: the examples' tests use it too. */
import type { ChildProcess } from "node:child_process";

/** What `outputMatch` resolves with. */
export interface OutputMatch {
  /** The first match of the pattern. */
  readonly match: RegExpMatchArray;
  /** Everything the child wrote to stdout and stderr until then, escape codes stripped. */
  readonly output: string;
}

/**
 * Resolves once what `child` writes to stdout and stderr (together, colour codes stripped) matches
 * `pattern`: a server says it is listening, rather than being polled until it answers. Rejects,
 * with the output so far, if the child exits first or nothing matches within `timeoutMs`.
 */
export function outputMatch(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<OutputMatch> {
  return new Promise((resolve, reject) => {
    let output = "";
    const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      for (const stream of streams) stream.off("data", onData);
      child.off("exit", onExit);
      settle();
    };
    const onData = (chunk: Buffer | string): void => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colours (ESC [ … m) are stripped before matching.
      output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      const match = output.match(pattern);
      if (match) finish(() => resolve({ match, output }));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(() => reject(new Error(`exited with ${code ?? signal} before printing ${pattern}:\n${output}`)));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`printed no ${pattern} within ${timeoutMs} ms:\n${output}`))),
      timeoutMs,
    );
    for (const stream of streams) stream.on("data", onData);
    child.once("exit", onExit);
  });
}
