import type { FakeBackendRoute, FakeBackendRoutes } from "./types.ts";

/** The route for `pathname`: its own key, else the longest key ending in `/` that it starts with. */
export function pickRoute(routes: FakeBackendRoutes, pathname: string): FakeBackendRoute | undefined {
  if (Object.hasOwn(routes, pathname)) return routes[pathname];
  let prefix: string | undefined;
  for (const key of Object.keys(routes)) {
    if (key.endsWith("/") && pathname.startsWith(key) && key.length > (prefix?.length ?? 0)) prefix = key;
  }
  return prefix === undefined ? undefined : routes[prefix];
}
