import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterEach, beforeEach } from "vitest";

/** A loopback HTTP server whose answer each test sets, for the answers the fake Intercom never gives. */
export interface StubServer {
  url: string;
  answer: (request: Request) => Response | Promise<Response>;
  /** The requests it received, bodies read. */
  received: { method: string; url: string; headers: Headers; body: string }[];
}

export function useStubServer(): StubServer {
  let server: FakeIntercomServer | undefined;
  const stub = { received: [] } as unknown as StubServer;
  beforeEach(async () => {
    stub.received = [];
    stub.answer = () => new Response(null, { status: 204 });
    server = await serveFakeIntercom(async (request) => {
      stub.received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: await request.text(),
      });
      return stub.answer(request);
    });
    stub.url = server.url;
  });
  afterEach(async () => {
    await server?.close();
  });
  return stub;
}
