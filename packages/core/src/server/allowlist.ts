/** The fields a browser may set when the handler's `fields` option is not given. */
export const DEFAULT_FIELDS: readonly string[] = ["email", "name", "phone"];

/**
 * Lists the input's fields that the allowlist does not name, custom attributes
 * as `custom_attributes.<name>`. `role: "lead"` is what the browser's client
 * always adds, so it is not the browser's choice and passes.
 */
export function fieldsOutside(input: Record<string, unknown>, allowed: ReadonlySet<string>): string[] {
  const outside: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === "role" && value === "lead") continue;
    if (key === "custom_attributes" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const name of Object.keys(value)) {
        if (!allowed.has(`custom_attributes.${name}`)) outside.push(`custom_attributes.${name}`);
      }
    } else if (!allowed.has(key)) {
      outside.push(key);
    }
  }
  return outside;
}
