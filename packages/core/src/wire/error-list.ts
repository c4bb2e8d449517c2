/** One entry of Intercom's `error.list`. */
export interface IntercomErrorEntry {
  /** Machine-readable error code, e.g. `unauthorized`, `parameter_invalid`, `rate_limit_exceeded`. */
  code: string;
  /** Human-readable description; may be absent or `null`. */
  message?: string | null;
  /** The field or query parameter in error, when Intercom names one. */
  field?: string | null;
}

/** The body Intercom sends with every failed request. */
export interface IntercomErrorList {
  type: "error.list";
  request_id?: string | null;
  errors: IntercomErrorEntry[];
}
