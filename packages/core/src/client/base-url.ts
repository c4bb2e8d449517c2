import type { IntercomOptions } from "../types/options.ts";
import { check } from "./option-checks.ts";

const HOSTS = { us: "api", eu: "api.eu", au: "api.au" };
const LOOPBACK = /^(localhost|.+\.localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/**
 * Picks the API base URL and refuses the unsafe ones: a token goes to Intercom's own hosts
 * unless the caller named another base URL, and never travels over plain HTTP beyond
 * loopback, nor to a relative (page-served) URL.
 */
export function resolveBaseUrl({ region: given, baseUrl, token }: IntercomOptions): string {
  const region = given ?? "us";
  if (baseUrl === undefined) {
    check(Object.hasOwn(HOSTS, region), 'region must be "us", "eu" or "au"');
    // Without a token only a proxy can add one: Intercom itself would answer 401 to every call.
    check(token, "A token is needed to call Intercom directly; without one, set baseUrl to your proxy");
    return `https://${HOSTS[region]}.intercom.io`;
  }
  const text = String(baseUrl).replace(/\/+$/, "");
  if (text.startsWith("/")) {
    check(!token, "A token needs an absolute https:// baseUrl; a relative one is for a proxy without a token");
    return text;
  }
  const url = URL.canParse(text) ? new URL(text) : undefined;
  check(
    url && /^https?:$/.test(url.protocol) && !url.username && !url.password,
    "baseUrl must be an https:// or http:// URL without credentials",
  );
  check(
    !token || url?.protocol === "https:" || LOOPBACK.test(url?.hostname ?? ""),
    "A token is only sent over https://, or http:// to loopback",
  );
  return text;
}

/** The message for a relative base URL used outside a page, or `undefined` when the base URL is absolute. */
export function relativeBaseUrlMessage(baseUrl: string): string | undefined {
  return baseUrl.startsWith("/")
    ? `baseUrl ${JSON.stringify(baseUrl)} is relative, which only works in a browser page; use an absolute URL here`
    : undefined;
}
