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
  /** Always `"error.list"`. */
  type: "error.list";
  /** Intercom's id for the request, to quote to its support. */
  request_id?: string | null;
  /** One or more errors; the first is the main one. */
  errors: IntercomErrorEntry[];
}
