import { LeadValidationError, type LeadValidationIssue } from "../errors/lead-validation-error.ts";

type FieldRule = (value: unknown) => string | undefined;

// The WHATWG rule browsers apply to <input type="email">, so a form that
// accepts an address never sees it refused here.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

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

const CONTACT_FIELDS: Record<string, FieldRule> = {
  ...COMMON_FIELDS,
  external_id: string,
  email_verified: nullable(boolean),
  avatar: nullable(string),
  last_seen_at: nullable(timestamp),
  owner_id: nullable(string),
};

const LEGACY_FIELDS: Record<string, FieldRule> = {
  ...COMMON_FIELDS,
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function customAttributeIssues(value: unknown): LeadValidationIssue[] {
  if (value === null) return [];
  if (!isPlainObject(value)) return [{ path: ["custom_attributes"], message: "must be an object of attribute names to values" }];
  const issues: LeadValidationIssue[] = [];
  for (const [name, attribute] of Object.entries(value)) {
    const ok =
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
 */
export function toLeadRequestBody(input: unknown, legacy: boolean): Record<string, unknown> {
  if (!isPlainObject(input)) {
    throw new LeadValidationError([{ path: [], message: "A lead must be an object of Intercom fields" }]);
  }
  const fields = legacy ? LEGACY_FIELDS : CONTACT_FIELDS;
  const issues: LeadValidationIssue[] = [];
  for (const [key, value] of Object.entries(input)) {
    // An undefined field is left out by JSON, exactly as if it were absent.
    if (value === undefined) continue;
    const forbidden = NOT_FOR_LEADS[key];
    const rule = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (forbidden) issues.push({ path: [key], message: forbidden });
    else if (key === "role") {
      if (value !== "lead") issues.push({ path: ["role"], message: 'must be "lead": other roles do not create leads' });
    } else if (key === "custom_attributes") issues.push(...customAttributeIssues(value));
    else if (rule) {
      const message = rule(value);
      if (message) issues.push({ path: [key], message });
    }
  }
  if (!legacy && input.email_verified != null && input.email === undefined) {
    issues.push({ path: ["email_verified"], message: "needs an email in the same request" });
  }
  if (issues.length > 0) throw new LeadValidationError(issues);
  const { role: _role, ...rest } = input;
  return legacy ? rest : { ...rest, role: "lead" };
}
