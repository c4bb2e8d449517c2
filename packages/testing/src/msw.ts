import { isFakeConnectionDrop } from "./faults.ts";
import type { FakeIntercom } from "./types.ts";

/**
 * What `toMswResolver` returns: a resolver MSW 2.x (`http.all`, `http.post`, …) calls with `{ request, … }`. It
 * needs only the request, so it is typed without MSW, and this package does not depend on it.
 */
export type FakeMswResolver = (info: { request: Request }) => Promise<Response>;

/**
 * Mounts `fake` in [MSW](https://mswjs.io) 2.x: `http.all("https://api.intercom.io/*", toMswResolver(fake))`.
 *
 * Every request the handler matches goes to `fake.fetch`. A `drop-connection` fault (and an aborted `slow` one)
 * becomes `Response.error()`, MSW's network error (`HttpResponse.error()` is the same thing), so the client's
 * `fetch` rejects with a `TypeError` as it would on a lost connection. A resolver that threw instead would be
 * answered by MSW with a 500 carrying the stack trace, which no client would read as a lost connection.
 *
 * @example
 * import { http } from "msw";
 * import { setupServer } from "msw/node";
 *
 * const fake = createFakeIntercom();
 * const server = setupServer(http.all("https://api.intercom.io/*", toMswResolver(fake)));
 * server.listen();
 */
export function toMswResolver(fake: FakeIntercom): FakeMswResolver {
  return async ({ request }) => {
    try {
      return await fake.fetch(request);
    } catch (error) {
      // fake.fetch rejects for these two only; anything else it answers with a 500 error.list itself.
      if (isFakeConnectionDrop(error) || request.signal.aborted) return Response.error();
      throw error;
    }
  };
}
