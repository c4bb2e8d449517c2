/**
 * `@intercom-leads/core/testing/node`: serves a fake Intercom over real HTTP, for clients whose
 * transport (sockets, keep-alive, resets, aborts) is under test. Node only, hence its own entry.
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { JSON_CONTENT_TYPE } from "./constants.ts";
import { isFakeConnectionDrop } from "./faults.ts";
import { createNodeListener, type FetchHandler } from "../node/listener.ts";
import type { FakeIntercom } from "./types.ts";

export type { FetchHandler };

/** Options of `serveFakeIntercom`. */
export interface ServeFakeIntercomOptions {
  /**
   * The port to listen on; `0` picks a free one, which keeps parallel test files apart.
   * @default 0
   */
  port?: number;
  /**
   * The address to listen on. Loopback by default, so tests never expose the fake to the network.
   * @default "127.0.0.1"
   */
  hostname?: string;
}

/** A running HTTP server in front of a fake Intercom. */
export interface FakeIntercomServer {
  /** The server's origin, e.g. `"http://127.0.0.1:53211"`; use it as the client's base URL. */
  readonly url: string;
  /** Stops listening and drops every connection, idle keep-alive ones included, so test runs can exit. Safe to call twice. */
  close(): Promise<void>;
}

function internalError(error: unknown): Response {
  const requestId = crypto.randomUUID();
  const message = `Fake Intercom server failed: ${error instanceof Error ? error.message : String(error)}`;
  return new Response(
    JSON.stringify({ type: "error.list", request_id: requestId, errors: [{ code: "server_error", message }] }),
    { status: 500, headers: { "content-type": JSON_CONTENT_TYPE, "x-request-id": requestId } },
  );
}

/**
 * Serves `fake` (or any fetch handler) over HTTP on a free loopback port. A `drop-connection`
 * fault resets the socket without answering; a client that disconnects aborts the request's signal.
 */
export async function serveFakeIntercom(
  fake: FakeIntercom | FetchHandler,
  options: ServeFakeIntercomOptions = {},
): Promise<FakeIntercomServer> {
  const handler: FetchHandler = typeof fake === "function" ? fake : (request) => fake.fetch(request);
  const hostname = options.hostname ?? "127.0.0.1";

  // A drop-connection fault resets the socket instead of answering.
  const server = createServer(createNodeListener(handler, (error) => (isFakeConnectionDrop(error) ? "reset" : internalError(error))));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for keep-alive sockets to time out, which would hold a test run open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
