import { connect } from "node:net";

// Node's error codes for a connection that failed, in words.
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed (DNS)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
  EPIPE: "connection closed",
};

const HOSTS = { us: "api", eu: "api.eu", au: "api.au" } as const;

/** How long the reachability check waits for a connection before calling the host unreachable. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Node's `code` for a failed connection, looked for down an error's `cause` chain (core keeps it there). */
export function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && code !== "") return code;
  return networkCode(cause, depth + 1);
}

/** A connection failure in words: `connection refused`, or the code itself when it has no words here. */
export function describeNetworkCode(code: string): string {
  return REASONS[code] ?? code;
}

/** The base URL the client sends to: `--base-url`, else the region's host. */
export function targetUrl(baseUrl: string | undefined, region: string | undefined): string {
  return baseUrl ?? `https://${HOSTS[(region ?? "us") as keyof typeof HOSTS] ?? HOSTS.us}.intercom.io`;
}

/**
 * Opens (and closes at once) a TCP connection to the host and port of `url`, sending nothing, and
 * resolves with why it failed (`connection refused`, `host not found`, …), or `undefined` when it
 * connected. A URL that is not absolute is not checked.
 */
export function unreachableReason(url: string, timeoutMs: number = CONNECT_TIMEOUT_MS): Promise<string | undefined> {
  if (!URL.canParse(url)) return Promise.resolve(undefined);
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const portNumber = port === "" ? (protocol === "http:" ? 80 : 443) : Number(port);
  return new Promise((resolve) => {
    const socket = connect({ host, port: portNumber });
    const done = (reason: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`${describeNetworkCode("ETIMEDOUT")} after ${timeoutMs / 1000}s`), timeoutMs);
    socket.once("connect", () => done(undefined));
    socket.once("error", (error) => done(describeNetworkCode(networkCode(error) ?? error.message)));
  });
}
