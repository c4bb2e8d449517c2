import { LeadValidationError, type LeadValidationIssue } from "../errors/lead-validation-error.ts";

// An email domain label, as the WHATWG rule for <input type="email"> has it.
const LABEL = "[a-z\\d](?:[a-z\\d-]{0,61}[a-z\\d])?";
// That rule, plus a dot in the domain: Intercom refuses single-label domains such as "a@localhost".
const EMAIL = new RegExp(`^[\\w.!#$%&'*+/=?^\`{|}~-]+@${LABEL}(?:\\.${LABEL})+$`, "i");

const STRING = "must be a string";
const MESSAGES: Record<string, string> = { e: "must be an email address", b: "must be true or false", t: "must be a Unix timestamp in whole seconds" };

// Known fields of both generations, each a kind: s string, e email, b boolean, t Unix seconds; "?" also allows null.
// They are type-checked whichever version is in use: a known field of the wrong type is refused even where Intercom would ignore it.
const FIELDS: Record<string, string> = {
  email: "e",
  phone: "s?",
  name: "s?",
  unsubscribed_from_emails: "b?",
  external_id: "s",
  email_verified: "b?",
  avatar: "s?",
  last_seen_at: "t?",
  owner_id: "s?",
  last_seen_user_agent: "s",
  last_seen_ip: "s",
  last_request_at: "t",
  update_last_request_at: "b",
};
for (const utm of ["campaign", "content", "medium", "source", "term"]) FIELDS[`utm_${utm}`] = "s?";

// From the Create Lead document: Intercom assigns user_id itself, and leads have no sign-up date and no sessions.
const NOT_FOR_LEADS: Record<string, string> = { user_id: "is assigned by Intercom: use external_id" };
for (const field of ["signed_up_at", "session_count", "new_session"]) NOT_FOR_LEADS[field] = "is not available for leads";

function fieldMessage(kind: string, value: unknown): string | undefined {
  const type = kind[0] as string;
  if (value === null && kind.endsWith("?")) return undefined;
  if (type === "b") return typeof value === "boolean" ? undefined : MESSAGES.b;
  if (type === "t") return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : MESSAGES.t;
  if (typeof value !== "string") return STRING;
  return type === "e" && !EMAIL.test(value) ? MESSAGES.e : undefined;
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
  return isPlainObject(value) && Object.values(value).every((item) => item === undefined || isJsonData(item, depth + 1));
}

function checkedBody(input: Record<string, unknown>, legacy: boolean): Record<string, unknown> {
  const issues: LeadValidationIssue[] = [];
  const body: Record<string, unknown> = {};
  const refuse = (path: string[], message: string) => issues.push({ path, message });
  for (const [key, value] of Object.entries(input)) {
    // An undefined field is left out by JSON, exactly as if it were absent.
    if (value === undefined) continue;
    let message: string | undefined;
    // Assigned to the body, "__proto__" would set its prototype rather than send a field.
    if (key === "__proto__") message = "is not an Intercom field";
    else if (Object.hasOwn(NOT_FOR_LEADS, key)) message = NOT_FOR_LEADS[key];
    else if (key === "role") message = value === "lead" ? undefined : 'must be "lead": other roles do not create leads';
    else if (Object.hasOwn(FIELDS, key)) message = fieldMessage(FIELDS[key] as string, value);
    else if (key !== "custom_attributes") message = isJsonData(value) ? undefined : "must be JSON data: text, numbers, booleans, null, arrays and plain objects";
    else if (value !== null) {
      if (!isPlainObject(value)) message = "must be an object of attribute names to values";
      else {
        for (const [name, attribute] of Object.entries(value)) {
          if (attribute != null && typeof attribute !== "string" && typeof attribute !== "boolean" && !Number.isFinite(attribute)) {
            refuse([key, name], "must be a string, a finite number, true, false or null");
          }
        }
        // A copy: what is sent is what was checked, even if the caller's object changes later.
        body[key] = { ...value };
        continue;
      }
    }
    if (message) refuse([key], message);
    else if (key !== "role") body[key] = value;
  }
  if (!legacy && body.email_verified != null && body.email === undefined) refuse(["email_verified"], "needs an email in the same request");
  if (issues.length) throw new LeadValidationError(issues);
  if (!legacy) body.role = "lead";
  return body;
}

/**
 * Checks a lead input for the given API generation and returns the body to
 * send: API 2.x gets `role: "lead"` (without it Intercom creates a user),
 * API 1.x is sent as given. Throws `LeadValidationError` listing every problem.
 * The body is a fresh copy of checked data, so what is sent is what was checked.
 */
export function toLeadRequestBody(input: unknown, legacy: boolean): Record<string, unknown> {
  try {
    if (isPlainObject(input)) return checkedBody(input, legacy);
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
export function validateLeadInput(input: unknown, options: { apiVersion?: string } = {}): readonly LeadValidationIssue[] {
  try {
    toLeadRequestBody(input, (options.apiVersion ?? "2").startsWith("1."));
    return [];
  } catch (error) {
    return (error as LeadValidationError).issues;
  }
}
