/**
 * What a client tells the governor object about one answer: its status and the `X-RateLimit-*`
 * headers, as plain values (a `Response` is not worth sending whole over RPC).
 */
export interface RateReport {
  /** The answer's HTTP status. */
  readonly status: number;
  /** `X-RateLimit-Limit`: requests allowed per window. */
  readonly limit?: number | undefined;
  /** `X-RateLimit-Remaining`: requests left in the window after this one. */
  readonly remaining?: number | undefined;
  /** `X-RateLimit-Reset`: when the window resets, in Unix seconds of Intercom's clock. */
  readonly reset?: number | undefined;
  /** `Retry-After`, in seconds. */
  readonly retryAfter?: number | undefined;
  /** The `Date` header: Intercom's clock, to correct the reset by. */
  readonly date?: string | undefined;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** The part of an answer the governor object learns from. */
export function rateReport(response: Response): RateReport {
  const { headers } = response;
  return {
    status: response.status,
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining: numberHeader(headers, "x-ratelimit-remaining"),
    reset: numberHeader(headers, "x-ratelimit-reset"),
    retryAfter: numberHeader(headers, "retry-after"),
    date: headers.get("date") ?? undefined,
  };
}
