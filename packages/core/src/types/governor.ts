/**
 * Paces a client's calls to Intercom's rate limit: every attempt of every call asks `acquire` before it
 * leaves and reports its answer to `release`. A client with a token makes one of its own (`RateGovernor`);
 * give one through `IntercomOptions.governor` to share a window between clients, or between isolates
 * (`durableGovernor` of `@intercom-leads/cloudflare`).
 */
export interface Governor {
  /**
   * Resolves when a call may leave; `undefined` when it may leave at once (no promise to await on the
   * fast path). An abort of `signal` rejects with an `IntercomAbortError(signal.reason, maybeCreated)` and
   * counts nothing: a call whose `acquire` rejected is never released.
   */
  acquire(signal: AbortSignal | undefined, maybeCreated: boolean): Promise<void> | undefined;
  /**
   * Counts a call that `acquire` let go as answered, learning the window from its `X-RateLimit-*`
   * headers; `undefined` when no answer came (a timeout, a lost connection). Called once per acquire.
   */
  release(response: Response | undefined): void;
}
