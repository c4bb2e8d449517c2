// @ts-check
/** Small numeric helpers. */

/** @param {readonly number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ index) => /** @type {number} */ (sorted[index]);
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** @param {number} value @param {number} [digits] */
export function fixed(value, digits = 2) {
  return value.toFixed(digits);
}

/** 12345 → "12,345" @param {number} value */
export function count(value) {
  return Math.round(value).toLocaleString("en-US");
}

/** Kibibytes → "123.4 MiB" @param {number} kib */
export function mib(kib) {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

/** @param {boolean} ok */
export function verdict(ok) {
  return ok ? "pass" : "FAIL";
}
