import { IntercomConfigError } from "../errors/intercom-config-error.ts";
import type { RequestOptions, RetryOptions } from "../types/options.ts";

// Node's and browsers' timers overflow past 2^31 - 1 ms and fire at once.
export const MAX_TIMEOUT = 2_147_483_647;

/** Throws an `IntercomConfigError` unless `ok`. */
export function check(ok: unknown, message: string): void {
  if (!ok) throw new IntercomConfigError(message);
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && value >= min && value <= max;
}

/** Refuses per-call options that cannot work, before anything is sent. */
export function checkRequestOptions({ timeout, signal, retry }: RequestOptions): void {
  const { limit, maxDelay }: RetryOptions = typeof retry === "number" ? { limit: retry } : retry || {};
  check(
    timeout === undefined || timeout === false || (inRange(timeout, 0, MAX_TIMEOUT) && timeout > 0),
    `timeout must be false or more than 0 and up to ${MAX_TIMEOUT} ms`,
  );
  check(
    signal === undefined || (typeof signal === "object" && signal !== null && "aborted" in signal),
    "signal must be an AbortSignal",
  );
  check(
    retry === undefined ||
      retry === false ||
      typeof retry === "number" ||
      (typeof retry === "object" && retry !== null),
    "retry must be false, a number or an object",
  );
  check(limit === undefined || (Number.isInteger(limit) && inRange(limit, 0, 10)), "retry.limit must be 0 to 10");
  check(maxDelay === undefined || inRange(maxDelay, 0, MAX_TIMEOUT), `retry.maxDelay must be 0 to ${MAX_TIMEOUT} ms`);
}
