import { InvalidArgumentError } from "commander";

/** The `fake` subcommand's flags, as commander parses them. */
export interface FakeFlags {
  port: number;
  host: string;
  rateLimit?: { limit: number; windowMs: number };
  searchLag?: number;
  /** The custom contact attributes the fake's workspace defines; others are refused. Unset: every one exists. */
  customAttributes?: string[];
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000 };

/** `250ms`, `2s`, `1.5s`, `1m` (a bare number is milliseconds) in milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? "ms"] ?? 1) : Number.NaN;
  if (!Number.isFinite(ms)) throw new InvalidArgumentError("Use a duration such as 500ms, 2s or 1m.");
  return Math.round(ms);
}

/** `10/s`, `1666/10s`, `600/m`: requests allowed per window. */
export function parseRateLimit(value: string): { limit: number; windowMs: number } {
  const [count = "", per = ""] = value.split("/");
  const limit = Number(count);
  let windowMs = Number.NaN;
  try {
    windowMs = parseDuration(/^\d/.test(per) ? per : `1${per}`);
  } catch {}
  if (!/^\d+$/.test(count) || limit < 1 || !(windowMs > 0))
    throw new InvalidArgumentError("Use requests per window, such as 10/s, 1666/10s or 600/m.");
  return { limit, windowMs };
}

/** A TCP port, 0 (any free one) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError("Use a port from 0 to 65535.");
  return port;
}

/** `utm_source,plan`: attribute names, comma-separated; `""` names none (a workspace with no custom attributes). */
export function parseAttributeNames(value: string): string[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (new Set(names).size !== names.length) throw new InvalidArgumentError("Name each attribute once.");
  return names;
}
