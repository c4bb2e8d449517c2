import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamRecords } from "../src/source/stream-records.ts";

function objectStream(): PassThrough {
  return new PassThrough({ objectMode: true });
}

async function drain(iterator: AsyncIterator<unknown>): Promise<{ records: unknown[]; error?: unknown }> {
  const records: unknown[] = [];
  try {
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) records.push(step.value);
    return { records };
  } catch (error) {
    return { records, error };
  }
}

describe("streamRecords", () => {
  it("hands out the records buffered before a failure, then the failure", async () => {
    const stream = objectStream();
    const iterator = streamRecords(stream);
    stream.write({ row: 1 });
    stream.write({ row: 2 });
    stream.destroy(new Error("Quote Not Closed"));
    // Nobody has read yet: Node's own iterator would throw at once and lose both rows.
    await new Promise((resolve) => setImmediate(resolve));
    const { records, error } = await drain(iterator);
    expect(records).toEqual([{ row: 1 }, { row: 2 }]);
    expect(error).toEqual(new Error("Quote Not Closed"));
  });

  it("ends after the last record", async () => {
    const stream = objectStream();
    const iterator = streamRecords(stream);
    stream.end({ row: 1 });
    expect(await drain(iterator)).toEqual({ records: [{ row: 1 }] });
  });

  it("rejects a stream destroyed without an error before its end, instead of waiting forever", async () => {
    const stream = objectStream();
    const iterator = streamRecords(stream);
    const pending = drain(iterator);
    stream.destroy();
    const { records, error } = await pending;
    expect(records).toEqual([]);
    expect(error).toMatchObject({ message: "Premature close", code: "ERR_STREAM_PREMATURE_CLOSE" });
  });
});
