import { IntercomError } from "./intercom-error.ts";

/**
 * The caller's `signal` aborted the call. `cause` is the signal's reason.
 * `maybeCreated` is `true` when the request had already been sent.
 */
export class IntercomAbortError extends IntercomError {
  override name: "IntercomAbortError" = "IntercomAbortError";

  /**
   * @param reason The signal's `reason`.
   * @param maybeCreated Whether the request had been sent when the signal aborted.
   */
  constructor(reason: unknown, maybeCreated: boolean) {
    super(
      maybeCreated
        ? "Aborted after the request was sent; the lead may have been created"
        : "Aborted before anything was sent",
      {
        cause: reason,
        maybeCreated,
      },
    );
  }
}
