import { LeadValidationError, type LeadValidationIssue } from "../errors/lead-validation-error.ts";

type FieldRule = (value: unknown) => string | undefined;

// The WHATWG rule browsers apply to <input type="email">, plus a dot in the
// domain: Intercom refuses single-label domains such as "a@localhost".
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

const nullable =
  (rule: FieldRule): FieldRule =>
  (value) =>
    value === null ? undefined : rule(value);
const string: FieldRule = (value) => (typeof value === "string" ? undefined : "must be a string");
const boolean: FieldRule = (value) => (typeof value === "boolean" ? undefined : "must be true or false");
const timestamp: FieldRule = (value) =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : "must be a Unix timestamp in whole seconds";
const email: FieldRule = (value) =>
  typeof value !== "string" ? "must be a string" : EMAIL.test(value) ? undefined : "must be an email address";

const COMMON_FIELDS: Record<string, FieldRule> = {
  email,
  phone: nullable(string),
  name: nullable(string),
  unsubscribed_from_emails: nullable(boolean),
};

// Fields of both generations are type-checked whichever version is in use:
// a known field of the wrong type is refused even where Intercom would ignore it.
const FIELDS: Record<string, FieldRule> = {
  ...COMMON_FIELDS,
  external_id: string,
  email_verified: nullable(boolean),
  avatar: nullable(string),
  last_seen_at: nullable(timestamp),
  owner_id: nullable(string),
  last_seen_user_agent: string,
  last_seen_ip: string,
  last_request_at: timestamp,
  update_last_request_at: boolean,
  utm_campaign: nullable(string),
  utm_content: nullable(string),
  utm_medium: nullable(string),
  utm_source: nullable(string),
  utm_term: nullable(string),
};

// From the Create Lead document: Intercom assigns user_id itself, and leads
// have no sign-up date and no sessions.
const NOT_FOR_LEADS: Record<string, string> = {
  user_id: "cannot be assigned to a lead: Intercom assigns it (use external_id, or create a user)",
  signed_up_at: "is not available for leads",
  session_count: "is not available for leads: leads have no sessions",
  new_session: "is not available for leads: leads have no sessions",
};

// A plain object from any realm (an iframe's, a vm context's): its prototype is
// some realm's Object.prototype, or null.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Whether JSON carries `value` exactly: no functions (a `toJSON` could rewrite the body), no class instances, no cycles. */
function isJsonData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (depth > 16) return false;
  if (Array.isArray(value)) return value.every((item) => isJsonData(item, depth + 1));
  return isPlainObject(value) && Object.values(value).every((item) => item === undefined || isJsonData(item, depth + 1));
}

function customAttributeIssues(value: unknown): LeadValidationIssue[] {
  if (value === null) return [];
  if (!isPlainObject(value)) return [{ path: ["custom_attributes"], message: "must be an object of attribute names to values" }];
  const issues: LeadValidationIssue[] = [];
  for (const [name, attribute] of Object.entries(value)) {
    const ok =
      attribute === undefined ||
      attribute === null ||
      typeof attribute === "string" ||
      typeof attribute === "boolean" ||
      (typeof attribute === "number" && Number.isFinite(attribute));
    if (!ok) issues.push({ path: ["custom_attributes", name], message: "must be a string, a finite number, true, false or null" });
  }
  return issues;
}

/**
 * Checks a lead input for the given API generation and returns the body to
 * send: API 2.x gets `role: "lead"` (without it Intercom creates a user),
 * API 1.x is sent as given. Throws `LeadValidationError` listing every problem.
 * The body is a fresh copy of checked data, so what is sent is what was checked.
 */
export function toLeadRequestBody(input: unknown, legacy: boolean): Record<string, unknown> {
  try {
    return checkedBody(input, legacy);
  } catch (error) {
    if (error instanceof LeadValidationError) throw error;
    // A throwing getter or a revoked Proxy: nothing readable to send.
    throw new LeadValidationError([{ path: [], message: "A lead must be an object of Intercom fields" }]);
  }
}

function checkedBody(input: unknown, legacy: boolean): Record<string, unknown> {
  if (!isPlainObject(input)) throw new LeadValidationError([{ path: [], message: "A lead must be an object of Intercom fields" }]);
  const entries = Object.entries(input);
  const issues: LeadValidationIssue[] = [];
  const body: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    // An undefined field is left out by JSON, exactly as if it were absent.
    if (value === undefined) continue;
    const forbidden = NOT_FOR_LEADS[key];
    const rule = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
    let message: string | undefined;
    if (forbidden) message = forbidden;
    else if (key === "role") message = value === "lead" ? undefined : 'must be "lead": other roles do not create leads';
    else if (key === "custom_attributes") issues.push(...customAttributeIssues(value));
    else if (rule) message = rule(value);
    else if (!isJsonData(value)) message = "must be JSON data: text, numbers, booleans, null, arrays and plain objects";
    if (message) issues.push({ path: [key], message });
    else if (key !== "role") body[key] = key === "custom_attributes" && value !== null ? { ...(value as object) } : value;
  }
  if (!legacy && body.email_verified != null && body.email === undefined) {
    issues.push({ path: ["email_verified"], message: "needs an email in the same request" });
  }
  if (issues.length > 0) throw new LeadValidationError(issues);
  if (!legacy) body.role = "lead";
  return body;
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
