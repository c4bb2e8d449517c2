import { IntercomConfigError } from "../errors/intercom-config-error.ts";

// Headers the client owns: a caller's `headers` option cannot replace them.
const OWN_HEADERS = ["authorization", "accept", "content-type", "intercom-version"];

/** The caller's extra headers, without any of the client's own, as a config error rather than a `TypeError`. */
export function extraHeaders(init: HeadersInit | undefined): Headers {
  let headers: Headers;
  try {
    headers = new Headers(init);
  } catch {
    // Headers' own message quotes the offending value, which may be a secret.
    throw new IntercomConfigError("headers must be valid for Headers");
  }
  for (const name of OWN_HEADERS) headers.delete(name);
  return headers;
}

/**
 * A client's headers for every call: the caller's extras, then its own (`Accept`, which Intercom
 * needs or it answers 406; `Intercom-Version`; the token). A plain record: ky copies a record
 * into its `Headers` faster than another `Headers`.
 */
export function clientHeaders(
  extra: HeadersInit | undefined,
  apiVersion: string,
  token: string | undefined,
): Record<string, string> {
  const headers = extraHeaders(extra);
  headers.set("accept", "application/json");
  headers.set("intercom-version", apiVersion);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return Object.fromEntries(headers);
}

/** A call's headers: the client's, with the call's extras over them but never over the client's own. */
export function callHeaders(own: Record<string, string>, extra: HeadersInit | undefined): Record<string, string> {
  return extra ? { ...own, ...Object.fromEntries(extraHeaders(extra)) } : own;
}
