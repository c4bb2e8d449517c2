import type { Governor } from "./governor.ts";
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

/** What the send loop paces with: the client's `Governor`, its own or the one it was given. */
export type Pacer = Governor;
