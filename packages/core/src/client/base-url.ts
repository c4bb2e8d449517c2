import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { IntercomRegion } from "./options.ts";

const REGION_HOSTS: Record<IntercomRegion, string> = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
};

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * Picks the API base URL and refuses the unsafe ones: a token goes to
 * Intercom's own hosts unless the caller named another base URL, and never
 * travels over plain HTTP beyond loopback.
 */
export function resolveBaseUrl(region: IntercomRegion | undefined, baseUrl: string | URL | undefined, hasToken: boolean): string {
  if (baseUrl === undefined) {
    const name = region ?? "us";
    if (!Object.hasOwn(REGION_HOSTS, name)) throw new IntercomConfigError(`Unknown region ${JSON.stringify(region)}: use "us", "eu" or "au"`);
    // Without a token only a proxy can add one: Intercom itself would answer 401 to every call.
    if (!hasToken) throw new IntercomConfigError("A token is needed to call Intercom directly; without one, set baseUrl to your proxy");
    return REGION_HOSTS[name];
  }
  const text = String(baseUrl).replace(/\/+$/, "");
  if (text.startsWith("/")) {
    // A same-origin path: the browser's proxy route. A token must not ride along to wherever the page is served.
    if (hasToken) throw new IntercomConfigError("A token needs an absolute https:// baseUrl; a relative baseUrl is for a proxy without one");
    return text;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntercomConfigError(`baseUrl ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new IntercomConfigError(`baseUrl must use https:// (or http:// to loopback), not ${url.protocol}`);
  }
  if (url.username || url.password) throw new IntercomConfigError("baseUrl must not contain credentials; use token or headers");
  if (hasToken && url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new IntercomConfigError(`Refusing to send the token over plain http:// to ${url.hostname}; use https://`);
  }
  return text;
}
