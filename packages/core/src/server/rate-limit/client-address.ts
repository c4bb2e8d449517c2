/** Options of `clientAddress`. */
export interface ClientAddressOptions {
  /**
   * Read the client's address from `X-Forwarded-For`: only behind a proxy of yours that sets it
   * (a load balancer, a CDN). The entry used is the last one, the one your proxy appended; the ones
   * before it come from the client and may be anything.
   * @default false
   */
  trustProxy?: boolean;
}

/** The runtimes' shapes of the second argument of a fetch handler, as far as the address goes. */
interface AddressInfo {
  /** `Deno.serve`'s info, and what `toNodeListener` passes. */
  remoteAddr?: { hostname?: unknown };
  /** `Bun.serve`'s server. */
  requestIP?: (request: Request) => { address?: unknown } | null | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The address of the client that sent `request`, as the runtime knows it, or `undefined`:
 * - on Cloudflare Workers, `CF-Connecting-IP` (Cloudflare sets it; a client cannot);
 * - through `Deno.serve` or `toNodeListener`, `info.remoteAddr.hostname`;
 * - through `Bun.serve`, `info.requestIP(request).address` (`info` is the server);
 * - with `trustProxy`, first of all the last `X-Forwarded-For` entry.
 *
 * `createLeadHandler`'s rate limit keys on it by default; call it from your own `rateLimit.key` to
 * compose (for example, the address and a form id).
 */
export function clientAddress(request: Request, info?: object, options: ClientAddressOptions = {}): string | undefined {
  const { headers } = request;
  if (options.trustProxy) {
    const forwarded = text(headers.get("x-forwarded-for")?.split(",").at(-1)?.trim());
    if (forwarded) return forwarded;
  }
  // Only on Workers is this header Cloudflare's own; elsewhere a client could send any value.
  if (globalThis.navigator?.userAgent === "Cloudflare-Workers") {
    const connecting = text(headers.get("cf-connecting-ip"));
    if (connecting) return connecting;
  }
  const runtime = info as AddressInfo | undefined;
  const viaRemoteAddr = text(runtime?.remoteAddr?.hostname);
  if (viaRemoteAddr) return viaRemoteAddr;
  if (typeof runtime?.requestIP === "function") {
    try {
      return text(runtime.requestIP(request)?.address);
    } catch {
      // Not Bun's server after all (a Worker's env with a binding of that name): no address.
    }
  }
  return undefined;
}
