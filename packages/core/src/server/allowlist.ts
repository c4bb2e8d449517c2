/** The fields a browser may set when the handler's `fields` option is not given. */
export const DEFAULT_FIELDS: readonly string[] = ["email", "name", "phone"];

/** Whether `value` is a JSON object: not `null`, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Lists the input's fields that the allowlist does not name, custom attributes
 * as `custom_attributes.<name>`. `role: "lead"` is what the browser's client
 * always adds, so it is not the browser's choice and passes.
 */
export function fieldsOutside(input: Record<string, unknown>, allowed: ReadonlySet<string>): string[] {
  return Object.entries(input)
    .flatMap(([key, value]) =>
      key === "role" && value === "lead"
        ? []
        : key === "custom_attributes" && isObject(value)
          ? Object.keys(value).map((name) => `${key}.${name}`)
          : [key],
    )
    .filter((field) => !allowed.has(field));
}
