import { createIntercom, IntercomNetworkError } from "@intercom-leads/core";

/** The proxy's last answer to a create, as the page received it: shown beside the created lead. */
export interface ProxyAnswer {
  status: number;
  statusText: string;
  body: string;
}

let lastAnswer: ProxyAnswer | undefined;

/** The answer the last create got from the proxy. */
export function lastProxyAnswer(): ProxyAnswer | undefined {
  return lastAnswer;
}

/**
 * The page's `fetch`: refuses to send while the browser is offline (so the error says, truthfully,
 * that nothing left: `maybeCreated: false`), and keeps a copy of each answer.
 */
async function pageFetch(request: Request): Promise<Response> {
  if (globalThis.navigator?.onLine === false) {
    throw new IntercomNetworkError(new TypeError("The browser is offline"), false);
  }
  const response = await fetch(request);
  lastAnswer = { status: response.status, statusText: response.statusText, body: await response.clone().text() };
  return response;
}

/** The browser's client has no token: it posts to the proxy on this page's own server. */
export const intercom = createIntercom({ baseUrl: "/api/intercom", fetch: pageFetch });
