import type { FakeIntercom } from "../../src/index.ts";

/**
 * Resolves once the fake has recorded `count` requests. A request the fake records is past its
 * checks in the same turn, so a slow fault it drew is already waiting: a test can then move the
 * clock, or abort, knowing where the request is. Checks once per turn of the event loop (over
 * HTTP a request takes a few turns to arrive), never on a timer, so fake timers do not stop it.
 */
export async function arrivals(fake: FakeIntercom, count: number): Promise<void> {
  while (fake.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
}
