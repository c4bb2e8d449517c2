/**
 * Whether the honeypot field is filled: anything but absent, `null` or a blank string. People never
 * see the field, so they leave it empty; form-filling bots fill every field they find.
 */
export function honeypotFilled(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}
