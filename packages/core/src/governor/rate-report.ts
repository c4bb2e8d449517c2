import { numberHeader } from "../wire/number-header.ts";

/**
 * What a governor learns from one of Intercom's answers: its status and rate-limit headers, as plain
 * values (so they can also be sent to a governor elsewhere, e.g. over RPC to a Durable Object).
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

/** The window an answer reports, on our clock. */
export interface ReportedWindow {
  /** When the window resets, in ms since the epoch of our clock. */
  readonly resetAt: number;
  /** Requests left in it: 0 after a 429. */
  readonly remaining: number;
}

/** The part of an answer a governor learns from. */
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

/**
 * The window `report` tells of at `now` (ms, our clock), or `undefined` when it carries nothing to learn
 * from (no rate-limit headers: a proxy, a fake without limits, a 429 with neither reset nor Retry-After).
 */
export function reportedWindow(report: RateReport, now: number): ReportedWindow | undefined {
  let { remaining } = report;
  let resetAt: number | undefined;
  if (report.reset !== undefined) {
    // Intercom's reset is in its clock; its Date header says how far ours is off, to the second
    // (hence the half second added, and only a skew beyond that rounding is corrected).
    const serverNow = Date.parse(report.date ?? "");
    const measured = Number.isNaN(serverNow) ? 0 : serverNow + 500 - now;
    resetAt = report.reset * 1000 - (Math.abs(measured) > 1500 ? measured : 0);
  }
  if (report.status === 429) {
    remaining = 0;
    // A 429 with only Retry-After still holds every call until then (relative, so no skew to correct).
    if (resetAt === undefined && report.retryAfter !== undefined) resetAt = now + report.retryAfter * 1000;
  }
  return resetAt === undefined || remaining === undefined ? undefined : { resetAt, remaining };
}
