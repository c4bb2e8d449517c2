import type { AnyIntercomClient } from "@intercom-leads/core";

// Declared here rather than through DOM or Node types, so the file type-checks in Deno too (for JSR).
declare const process: { env: { NODE_ENV?: string } };
declare const document: unknown;

let warned = false;

/**
 * Warns once, in development builds and only in a browser, when a client holding an access
 * token is used there. Called from an effect, so it never runs during SSR either.
 */
export function warnIfTokenInBrowser(client: AnyIntercomClient): void {
  // Bundlers replace `process.env.NODE_ENV`, so this whole check is dead code in production builds.
  // Without a bundler there may be no `process` (a page, Deno without env access): the throw counts as production.
  try {
    if (process.env.NODE_ENV !== "production" && typeof document !== "undefined" && !warned && client.hasToken) {
      warned = true;
      console.warn(
        "[@intercom-leads/react] This Intercom client holds an access token and runs in a browser. " +
          "Intercom tokens are workspace secrets: keep the token on a server and point the browser's client at your proxy " +
          '(createIntercom({ baseUrl: "/api/intercom" })).',
      );
    }
  } catch {}
}
