import type { RateLimitOptions } from "../options.ts";
import { clientAddress } from "./client-address.ts";
import { memoryRateLimitStore } from "./memory-store.ts";
import type { RateLimitDecision } from "./store.ts";

/** The key of every client whose address is unknown: they share one bucket, which fails safe. */
const NO_ADDRESS = "address-unknown";

/**
 * The handler's rate-limit step, loaded on first use (only handlers with `rateLimit` carry it):
 * finds the client's key and counts the request in the store. A store that throws throws here.
 */
export function createRateLimiter(
  options: RateLimitOptions,
): (request: Request, info: object | undefined) => Promise<RateLimitDecision> {
  const { requests, windowSeconds, trustProxy = false, store = memoryRateLimitStore() } = options;
  const rule = { requests, windowSeconds };
  const key = options.key ?? ((request, info) => clientAddress(request, info, { trustProxy }));
  return async (request, info) => store.hit((await key(request, info)) || NO_ADDRESS, rule);
}
