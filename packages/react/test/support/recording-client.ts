import type { IntercomClient } from "@intercom-leads/core";
import type { Backend } from "./fake-backend.tsx";

/** A version 4 UUID, what `crypto.randomUUID()` makes. */
export const UUID: RegExp = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The proxy's own headers on one request the page's client sent. */
export interface SentProxyHeaders {
  key: string | null;
  token: string | null;
  attribution: string | null;
}

/** A browser client that records the proxy headers of every request it sends, and its own fetch's fate. */
export function recordingClient(
  backend: Backend,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): { client: IntercomClient; sent: SentProxyHeaders[]; keys: () => (string | null)[] } {
  const sent: SentProxyHeaders[] = [];
  const client = backend.browserClient({
    fetch: (request) => {
      sent.push({
        key: request.headers.get("idempotency-key"),
        token: request.headers.get("x-verification-token"),
        attribution: request.headers.get("x-lead-attribution"),
      });
      return fetch(request);
    },
  });
  return { client, sent, keys: () => sent.map((headers) => headers.key) };
}
