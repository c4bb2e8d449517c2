import { IntercomError } from "./intercom-error.ts";

/**
 * The connection failed. `maybeCreated` is `false` only when the request
 * provably never left (connection refused, host not found).
 */
export class IntercomNetworkError extends IntercomError {
  override name: "IntercomNetworkError" = "IntercomNetworkError";

  /**
   * @param cause The runtime's failure, stripped to name, message and code.
   * @param maybeCreated Whether the request may have left before the failure.
   */
  constructor(cause: unknown, maybeCreated: boolean) {
    super(
      maybeCreated
        ? "The connection to Intercom failed after the request was sent; the lead may have been created"
        : "Could not connect to Intercom; nothing was sent",
      { cause, maybeCreated },
    );
  }
}
