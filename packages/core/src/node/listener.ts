import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { FetchHandler } from "../types/fetch-handler.ts";

/** What to do when the handler throws: answer with a response, or `"reset"` to drop the connection. */
export type ThrownAnswer = (error: unknown) => Response | "reset";

function toHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // Node accepted a header the Fetch API refuses; no handler can use it.
    }
  }
  return headers;
}

function toRequest(req: IncomingMessage & { originalUrl?: string }, signal: AbortSignal): Request {
  const method = req.method ?? "GET";
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  const url = new URL(req.originalUrl ?? req.url ?? "/", `${protocol}://${req.headers.host ?? "localhost"}`);
  // Streamed, not buffered: a handler that stops reading early (an oversized body) never reads the rest.
  const body = method === "GET" || method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(url, { method, headers: toHeaders(req.rawHeaders), body, signal, duplex: "half" } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response, method: string | undefined): Promise<void> {
  const body = method === "HEAD" || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (body !== undefined && headers["content-length"] === undefined)
    headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}

/** Sends a TCP reset where the platform can, so the client sees ECONNRESET. */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Adapts a fetch handler to Node's `(req, res)`: the request body streams in,
 * a client that disconnects aborts the request's signal, and the socket's peer address
 * goes to the handler as `{ remoteAddr: { hostname } }`.
 */
export function createNodeListener(
  handler: FetchHandler,
  onThrow: ThrownAnswer,
): (req: IncomingMessage, res: ServerResponse) => void {
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    // A response closed before it was written means the client went away.
    res.once("close", () => {
      if (!res.writableEnded) controller.abort(new DOMException("The client closed the connection", "AbortError"));
    });
    let response: Response;
    try {
      // Deno's shape for the client's address, so one key function reads both (`clientAddress`).
      const info = { remoteAddr: { hostname: req.socket.remoteAddress } };
      response = await handler(toRequest(req, controller.signal), info);
    } catch (error) {
      if (controller.signal.aborted) return;
      const thrown = onThrow(error);
      if (thrown === "reset") return resetConnection(req);
      response = thrown;
    }
    if (controller.signal.aborted || res.destroyed) {
      await response.body?.cancel();
      return;
    }
    await writeResponse(res, response, req.method);
  }
  return (req, res) => {
    answer(req, res).catch(() => {
      // The answer could not be written (the socket is already gone); nothing is left to tell the client.
      req.socket.destroy();
    });
  };
}
