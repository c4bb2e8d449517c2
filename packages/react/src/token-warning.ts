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

// Read through globalThis, so the check type-checks in runtimes without DOM types (Deno, for JSR).
function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return typeof scope.window !== "undefined" && typeof scope.document !== "undefined";
}

/**
 * Warns once, in development builds and only in a browser, when a client holding an access
 * token is used there. Called from an effect, so it never runs during SSR either.
 */
export function warnIfTokenInBrowser(client: IntercomClient<any>): void {
  if (warned || !client.hasToken || !isBrowser() || !isDevelopment()) return;
  warned = true;
  console.warn(
    "[@intercom-leads/react] This Intercom client holds an access token and runs in a browser. " +
      "Intercom tokens are workspace secrets: keep the token on a server and point the browser's client at your proxy " +
      '(createIntercom({ baseUrl: "/api/intercom" })).',
  );
}
