/**
 * `@intercom-leads/core/server/node`: mounts the lead handler on Node's HTTP
 * server, Express, Connect or Vite's dev server.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createNodeListener } from "../node/listener.ts";
import type { FetchHandler } from "../types/fetch-handler.ts";
import { fail } from "./responses.ts";

/** A Node `(req, res)` listener, as `http.createServer`, Express and Connect take. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of `toNodeListener`. */
export interface NodeListenerOptions {
  /**
   * What to do when the handler throws (a handler that never throws, such as the lead proxy,
   * never needs it): answer with a `Response`, or `"reset"` to drop the connection with a TCP
   * reset, as a server that crashed mid-request would (a fake server's "connection dropped" fault).
   * @default answers 500 `internal_error`
   */
  onThrow?: (error: unknown) => Response | "reset";
}

/**
 * Turns a fetch handler (such as `createLeadHandler(…)`) into a Node listener.
 * The body streams in; a client that disconnects aborts the request's signal. The handler gets
 * the socket's peer address as its second argument, `{ remoteAddr: { hostname } }` (Deno's shape),
 * which the lead handler's rate limit keys on. Behind a proxy that is the proxy's address: see
 * `rateLimit.trustProxy`.
 *
 * @example
 * app.use("/api/intercom", toNodeListener(createLeadHandler({ token, allowedOrigins })));
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  return createNodeListener(
    handler,
    options.onThrow ?? (() => fail(500, "internal_error", "The request could not be handled")),
  );
}
