/** `1234567` → `"1,234,567"`, the same on every machine whatever its locale. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Milliseconds as `"0.42s"`, `"12.30s"` or `"3m 07s"`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

/** A per-second rate with one decimal: `count` over `ms`. */
export function formatRate(count: number, ms: number): string {
  return ms > 0 ? (count / (ms / 1000)).toFixed(1) : "0.0";
}
