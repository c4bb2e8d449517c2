import { IntercomError } from "./intercom-error.ts";

/**
 * Intercom did not answer within `timeout`. The request was sent, so the lead
 * may have been stored: `maybeCreated` is `true`.
 */
export class IntercomTimeoutError extends IntercomError {
  override name: "IntercomTimeoutError" = "IntercomTimeoutError";
  /** The timeout that expired, in milliseconds. */
  readonly timeout: number;

  /** @param timeout The timeout that expired, in milliseconds. */
  constructor(timeout: number) {
    super(`Intercom did not answer within ${timeout} ms; the lead may have been created`, { maybeCreated: true });
    this.timeout = timeout;
  }
}
