import type { IntercomClient } from "@intercom-leads/core";

declare const process: { env: { NODE_ENV?: string } };

let warned = false;

// Bundlers replace `process.env.NODE_ENV`; an unbundled page has no `process`
// and counts as production, so nothing is printed there.
function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== "production";
  } catch {
    return false;
  }
}

/**
 * Warns once, in development builds, when a client holding an access token is
 * used in a browser. Called from an effect, so it never runs during SSR.
 */
export function warnIfTokenInBrowser(client: IntercomClient<any>): void {
  if (warned || !client.hasToken || !isDevelopment()) return;
  warned = true;
  console.warn(
    "[@intercom-leads/react] This Intercom client holds an access token and runs in a browser. " +
      "Intercom tokens are workspace secrets: keep the token on a server and point the browser's client at your proxy " +
      '(createIntercom({ baseUrl: "/api/intercom" })).',
  );
}
