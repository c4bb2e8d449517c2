import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchHandler } from "@intercom-leads/core";
import { toNodeListener } from "@intercom-leads/core/server/node";
import { internalError } from "../error-response.ts";
import { isFakeConnectionDrop } from "../faults.ts";
import type { FakeIntercom } from "../types.ts";

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

  // A drop-connection fault resets the socket instead of answering; anything else thrown answers as Intercom would.
  const onThrow = (error: unknown): Response | "reset" =>
    isFakeConnectionDrop(error) ? "reset" : internalError(error, "Fake Intercom server");
  const server = createServer(toNodeListener(handler, { onThrow }));

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
