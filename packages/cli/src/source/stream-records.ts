import type { Readable } from "node:stream";

/**
 * The records of an object-mode stream, in order, then its error if it fails.
 * Node's own async iterator throws as soon as the stream fails, dropping the
 * records still buffered before the failure: a CSV parser that finds an
 * unclosed quote at the end of the file fails before the import has read the
 * good rows ahead of it, however fast the import is. Listening starts at once,
 * so an early failure is kept, not thrown as an unhandled `error` event.
 */
export function streamRecords<T>(stream: Readable): AsyncIterator<T> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  stream.on("error", (error) => (failure = { error }));
  stream.on("end", () => (ended = true));
  // Destroyed without an error and before its end: as Node's own iterator says, a premature close.
  stream.on("close", () => {
    if (!ended && !failure)
      failure = { error: Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }) };
  });
  const events = ["readable", "end", "error", "close"];
  const changed = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        for (const event of events) stream.off(event, done);
        resolve();
      };
      for (const event of events) stream.once(event, done);
    });
  return {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        // read() still hands out what was buffered after the stream failed.
        const record = stream.read() as T | null;
        if (record !== null) return { done: false, value: record };
        if (failure) throw failure.error;
        if (ended) return { done: true, value: undefined };
        await changed();
      }
    },
  };
}
