/**
 * `@intercom-leads/core/testing/node`: serves a fake Intercom over real HTTP, for clients whose
 * transport (sockets, keep-alive, resets, aborts) is under test. Node only, hence its own entry.
 * @module
 */
import { Readable } from "node:stream";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { JSON_CONTENT_TYPE } from "./constants.ts";
import { isFakeConnectionDrop } from "./faults.ts";
import type { FakeIntercom } from "./types.ts";

/** A standard fetch handler, such as `fake.fetch` or a wrapper around it. */
export type FetchHandler = (request: Request) => Promise<Response>;

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

function toHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // Node accepted a header the Fetch API refuses; the fake has no use for it.
    }
  }
  return headers;
}

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const method = req.method ?? "GET";
  // Streamed, not buffered: a handler that stops reading early (an oversized body) is served as it would be in production.
  const body = method === "GET" || method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers: toHeaders(req.rawHeaders),
    body,
    signal,
    duplex: "half",
  } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response, method: string | undefined): Promise<void> {
  const body = method === "HEAD" || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (body !== undefined && headers["content-length"] === undefined) headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}

/** Sends a TCP reset where the platform can, so the client sees ECONNRESET as with a real dropped connection. */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function internalError(error: unknown): Response {
  const requestId = crypto.randomUUID();
  const message = `Fake Intercom server failed: ${error instanceof Error ? error.message : String(error)}`;
  return new Response(
    JSON.stringify({ type: "error.list", request_id: requestId, errors: [{ code: "server_error", message }] }),
    { status: 500, headers: { "content-type": JSON_CONTENT_TYPE, "x-request-id": requestId } },
  );
}

async function answer(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const controller = new AbortController();
  // A response that closes before it was written means the client went away: abort, so a slow fault stops waiting.
  res.once("close", () => {
    if (!res.writableEnded) controller.abort(new DOMException("The client closed the connection", "AbortError"));
  });

  let response: Response;
  try {
    response = await handler(await toRequest(req, origin, controller.signal));
  } catch (error) {
    if (isFakeConnectionDrop(error)) {
      resetConnection(req);
      return;
    }
    if (controller.signal.aborted) return;
    response = internalError(error);
  }
  if (controller.signal.aborted || res.destroyed) {
    await response.body?.cancel();
    return;
  }
  await writeResponse(res, response, req.method);
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
  let origin = "";

  const server = createServer((req, res) => {
    answer(handler, req, res, origin).catch(() => {
      // The answer could not be written (the socket is already gone); nothing is left to tell the client.
      req.socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

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
