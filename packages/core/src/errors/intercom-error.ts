/** Options every `IntercomError` accepts. */
export interface IntercomErrorOptions {
  /** The underlying failure, when there is one. Never a value that holds the access token. */
  cause?: unknown;
  /**
   * Whether the lead may have been stored although the call failed.
   * @default false
   */
  maybeCreated?: boolean;
  /** Intercom's `request_id` for the failed call, when it sent one. */
  requestId?: string | undefined;
}

/**
 * The base class of every error this library throws, so one `catch` and one
 * `isIntercomError` check cover them all.
 */
export class IntercomError extends Error {
  override name: string = "IntercomError";
  /**
   * `true` when the request may have reached Intercom and stored the lead: a
   * timeout, a connection lost after sending, or a 5xx. Intercom has no
   * idempotency keys, so resending such a call can store the lead twice.
   */
  readonly maybeCreated: boolean;
  /** Intercom's `request_id`, to quote to Intercom support. */
  readonly requestId: string | undefined;

  /** @param message What went wrong, for people; never includes the token. */
  constructor(message: string, options: IntercomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.maybeCreated = options.maybeCreated ?? false;
    this.requestId = options.requestId;
  }

  /** A plain-object view for logs and JSON responses; holds no secrets. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause;
    return {
      ...(this as object),
      name: this.name,
      message: this.message,
      ...(cause === undefined
        ? {}
        : { cause: cause instanceof Error ? { name: cause.name, message: cause.message } : cause }),
    };
  }
}
