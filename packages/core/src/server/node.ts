/**
 * `@intercom-leads/core/server/node`: mounts the lead handler on Node's HTTP
 * server, Express, Connect or Vite's dev server.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createNodeListener, type FetchHandler } from "../node/listener.ts";
import { fail } from "./responses.ts";

/** A Node `(req, res)` listener, as `http.createServer`, Express and Connect take. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Turns a fetch handler (such as `createLeadHandler(…)`) into a Node listener.
 * The body streams in; a client that disconnects aborts the request's signal.
 *
 * @example
 * app.use("/api/intercom", toNodeListener(createLeadHandler({ token, allowedOrigins })));
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return createNodeListener(handler, () => fail(500, "internal_error", "The request could not be handled"));
}
