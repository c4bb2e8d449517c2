import { LeadValidationError, type LeadValidationIssue } from "../errors/lead-validation-error.ts";
import { DEFAULT_API_VERSION } from "../version.ts";
import { homesOfField, type LeadField, leadFieldMap, VERSION_TYPED_FIELDS } from "./lead-fields.ts";

// Loose on purpose, as Intercom is: one @, no spaces, and a dot in the domain (Intercom refuses
// single-label domains such as "a@localhost"). Any script is fine: "zoë@example.com",
// "user@exämple.com" and "用户@例子.中国" are addresses.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;

const RULES: Record<LeadField["type"], [test: (value: unknown) => boolean, message: string]> = {
  string: [(value) => typeof value === "string", "must be a string"],
  integer: [(value) => Number.isSafeInteger(value), "must be an integer"],
  boolean: [(value) => typeof value === "boolean", "must be true or false"],
  timestamp: [
    (value) => Number.isSafeInteger(value) && (value as number) >= 0,
    "must be a Unix timestamp in whole seconds",
  ],
  object: [isPlainObject, "must be an object of attribute names to values"],
};

// From the Create Lead document: Intercom assigns user_id itself, and leads have no sign-up date and no sessions.
const NOT_FOR_LEADS: Record<string, string> = { user_id: "is assigned by Intercom: use external_id" };
for (const field of ["signed_up_at", "session_count", "new_session"])
  NOT_FOR_LEADS[field] = "is not available for leads";

/** What is wrong with `value` for `field` in `apiVersion`, or `undefined`. */
function fieldMessage(field: LeadField, value: unknown, apiVersion: string): string | undefined {
  if (value === null && field.nullable) return undefined;
  const [test, message] = RULES[field.type];
  // Where the type depends on the version, say which version's rule this is.
  if (!test(value)) return VERSION_TYPED_FIELDS.has(field.name) ? `${message} in API ${apiVersion}` : message;
  return field.name === "email" && !EMAIL.test(value as string) ? "must be an email address" : undefined;
}

// A plain object from any realm (an iframe's, a vm context's): its prototype is some realm's Object.prototype, or null.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Whether JSON carries `value` exactly: no functions (a `toJSON` could rewrite the body), no class instances, no cycles. */
function isJsonData(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (depth > 16) return false;
  // JSON writes an undefined array item as null, but leaves an undefined property out.
  if (Array.isArray(value)) return value.every((item) => isJsonData(item, depth + 1));
  return (
    isPlainObject(value) && Object.values(value).every((item) => item === undefined || isJsonData(item, depth + 1))
  );
}

function checkedBody(input: Record<string, unknown>, apiVersion: string): Record<string, unknown> {
  const legacy = apiVersion.startsWith("1.");
  const fields = leadFieldMap(apiVersion);
  const issues: LeadValidationIssue[] = [];
  const body: Record<string, unknown> = {};
  const refuse = (path: string[], message: string) => issues.push({ path, message });
  for (const [key, value] of Object.entries(input)) {
    // An undefined field is left out by JSON, exactly as if it were absent.
    if (value === undefined) continue;
    const field = fields.get(key);
    let message: string | undefined;
    // Assigned to the body, "__proto__" would set its prototype rather than send a field.
    if (key === "__proto__") message = "is not an Intercom field";
    else if (Object.hasOwn(NOT_FOR_LEADS, key)) message = NOT_FOR_LEADS[key];
    else if (key === "role") message = value === "lead" ? undefined : 'must be "lead": other roles do not create leads';
    else if (field) message = fieldMessage(field, value, apiVersion);
    else if (homesOfField(key)) {
      // A field Intercom knows in other versions, not this one: sending it would be refused or dropped.
      const { versions } = homesOfField(key) as { versions: readonly string[] };
      const elsewhere = legacy ? "API 2.x" : versions.join(", ") || "API 1.x";
      message = `is not a lead field in API ${apiVersion} (it is one in ${elsewhere})`;
    } else
      message = isJsonData(value)
        ? undefined
        : "must be JSON data: text, numbers, booleans, null, arrays and plain objects";
    if (!message && key === "custom_attributes" && value !== null) {
      for (const [name, attribute] of Object.entries(value as Record<string, unknown>)) {
        if (
          attribute != null &&
          typeof attribute !== "string" &&
          typeof attribute !== "boolean" &&
          !Number.isFinite(attribute)
        ) {
          refuse([key, name], "must be a string, a finite number, true, false or null");
        }
      }
      // A copy: what is sent is what was checked, even if the caller's object changes later.
      body[key] = { ...(value as Record<string, unknown>) };
      continue;
    }
    if (message) refuse([key], message);
    else if (key !== "role") body[key] = value;
  }
  if (!legacy && body.email_verified != null && body.email === undefined)
    refuse(["email_verified"], "needs an email in the same request");
  if (issues.length) throw new LeadValidationError(issues);
  if (!legacy) body.role = "lead";
  return body;
}

/**
 * Checks a lead input against `apiVersion`'s fields (see `leadFieldsFor`) and returns the body
 * to send: API 2.x gets `role: "lead"` (without it Intercom creates a user), API 1.x is sent as
 * given. Throws `LeadValidationError` listing every problem. The body is a fresh copy of checked
 * data, so what is sent is what was checked.
 */
export function toLeadRequestBody(input: unknown, apiVersion: string): Record<string, unknown> {
  // An unknown version is the caller's configuration, not the input's fault: it throws as such.
  leadFieldMap(apiVersion);
  try {
    if (isPlainObject(input)) return checkedBody(input, apiVersion);
  } catch (error) {
    if (error instanceof LeadValidationError) throw error;
    // A throwing getter or a revoked Proxy: nothing readable to send.
  }
  throw new LeadValidationError([{ path: [], message: "A lead must be an object of Intercom fields" }]);
}

/**
 * Checks a lead input without sending it, by the same rules `createLead`
 * applies: `[]` when it would be sent, otherwise every problem found.
 *
 * @example
 * const issues = validateLeadInput(row, { apiVersion: "2.14" });
 */
export function validateLeadInput(
  input: unknown,
  options: { apiVersion?: string } = {},
): readonly LeadValidationIssue[] {
  try {
    toLeadRequestBody(input, options.apiVersion ?? DEFAULT_API_VERSION);
    return [];
  } catch (error) {
    return (error as LeadValidationError).issues;
  }
}
