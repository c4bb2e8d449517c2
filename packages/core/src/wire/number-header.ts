/** A header holding a number (`X-RateLimit-*`, `Retry-After` in seconds), or `undefined` when absent or not a number. */
export function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  // Number("") and Number(" ") are 0, not "absent".
  const number = value?.trim() ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}
