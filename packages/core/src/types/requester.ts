import type { RequestOptions } from "./options.ts";

/**
 * What a caller knows about a call beyond its options: that an earlier attempt at the same
 * create may already have stored the lead, so every error from this call must say so too.
 */
export interface RequestContext {
  /** An earlier attempt may have stored the lead. */
  readonly maybeCreated?: boolean;
}

/**
 * Sends one API call with the client's headers, timeout, pacing and retry policy, and resolves
 * with the parsed answer. Every failure is an `IntercomError`. The layers above the client
 * (bulk import, reconcile) send through this and nothing else.
 */
export type Requester = (
  method: "GET" | "POST",
  path: string,
  body: string | undefined,
  options?: RequestOptions,
  context?: RequestContext,
) => Promise<unknown>;

/** Paces a client's calls to the rate limit: the rate governor, when the client has one. */
export interface Pacer {
  /** Resolves when a call may leave; `undefined` when it may leave now. */
  acquire(signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> | undefined;
  /** Counts a call as answered (`undefined`: no answer came). */
  release(response: Response | undefined): void;
}
