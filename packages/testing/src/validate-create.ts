import {
  type CustomAttributes,
  DESCRIBED_API_VERSIONS,
  type IntercomErrorEntry,
  type LeadField,
  leadFieldsFor,
} from "@intercom-leads/core";
import { parameterInvalid } from "./error-response.ts";

/** A create body that passed validation, or the error Intercom would answer with. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IntercomErrorEntry };

/** The fields of a 2.x create request the fake uses, checked against the request's API version. */
export interface ContactFields {
  role: "lead" | "user";
  email: string | undefined;
  external_id: string | undefined;
  phone: string | null;
  name: string | null;
  avatar: string | null;
  /** The admin's id as digits, whichever type the version sends it as. */
  owner_id: string | null;
  signed_up_at: number | null;
  last_seen_at: number | null;
  unsubscribed_from_emails: boolean;
  /** Preview only; an unsupported language code is stored as `null`, as the Preview description says. */
  language_override: string | null;
  custom_attributes: CustomAttributes;
}

/** The fields of a 1.x create-lead request the fake uses, checked for type. */
export interface LegacyLeadFields {
  email: string | null;
  phone: string | null;
  name: string | null;
  last_request_at: number | null;
  update_last_request_at: boolean;
  unsubscribed_from_emails: boolean;
  custom_attributes: CustomAttributes;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_medium: string | null;
  utm_source: string | null;
  utm_term: string | null;
}

type Body = Record<string, unknown>;

// Thrown by the fake's validators only, so each check reads as one line; turned into a `Validated` by `validated`.
class Invalid extends Error {
  readonly entry: IntercomErrorEntry;
  constructor(entry: IntercomErrorEntry) {
    super(entry.message ?? entry.code);
    this.entry = entry;
  }
}

/** Stops a check run by `validated` with `entry` as its answer. */
export function reject(entry: IntercomErrorEntry): never {
  throw new Invalid(entry);
}

function fail(field: string, message: string): never {
  reject(parameterInvalid(field, message));
}

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") fail(field, `${field} must be a string`);
  return value;
}

function nullableString(body: Body, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") fail(field, `${field} must be a string or null`);
  return value;
}

function nullableTimestamp(body: Body, field: string): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value))
    fail(field, `${field} must be a Unix timestamp in seconds`);
  return value;
}

function nullableBoolean(body: Body, field: string): boolean | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") fail(field, `${field} must be a boolean`);
  return value;
}

// Loose on purpose: Intercom only refuses what is plainly not an address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function email(body: Body, nullable: boolean): string | undefined {
  const value = body.email;
  if (value === undefined || (nullable && value === null)) return undefined;
  if (typeof value !== "string" || !EMAIL.test(value)) fail("email", "Invalid email address");
  return value;
}

/** Intercom keeps custom attributes flat: nested objects and arrays are refused. */
function customAttributes(body: Body): CustomAttributes {
  const value = body.custom_attributes;
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    fail("custom_attributes", "custom_attributes must be an object");
  const out: CustomAttributes = {};
  for (const [key, attribute] of Object.entries(value)) {
    const scalar =
      attribute === null ||
      typeof attribute === "string" ||
      typeof attribute === "boolean" ||
      (typeof attribute === "number" && Number.isFinite(attribute));
    if (!scalar) fail("custom_attributes", `Custom attribute '${key}' must be a string, number, boolean or null`);
    out[key] = attribute as CustomAttributes[string];
  }
  return out;
}

function role(body: Body): "lead" | "user" {
  const value = body.role;
  // Without a role Intercom creates a user, not a lead.
  if (value === undefined) return "user";
  if (value !== "user" && value !== "lead") fail("role", "role must be one of: user, lead");
  return value;
}

const TYPE_NAMES: Readonly<Record<LeadField["type"], string>> = {
  string: "a string",
  integer: "an integer",
  boolean: "a boolean",
  timestamp: "a Unix timestamp in seconds",
  object: "an object",
};

function hasType(value: unknown, type: LeadField["type"]): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
    case "timestamp":
      return Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/**
 * Checks the type (and nullability) of every field `apiVersion` describes, with the description's types from
 * core's `leadFieldsFor`: `owner_id` is an integer up to 2.15 and a string from 2.16. A field that only other
 * versions describe (`email_verified` before 2.16, `language_override` outside Preview) is refused, naming where it
 * belongs: a client sending it would otherwise believe it was set. Fields no version describes are ignored.
 */
function checkTypes(body: Body, apiVersion: string): void {
  const fields = leadFieldsFor(apiVersion);
  for (const field of fields) {
    const value = body[field.name];
    if (value === undefined || (value === null && field.nullable)) continue;
    if (!hasType(value, field.type)) {
      fail(field.name, `${field.name} must be ${TYPE_NAMES[field.type]}${field.nullable ? " or null" : ""}`);
    }
  }
  for (const name of OTHER_VERSIONS_FIELDS) {
    if (body[name] === undefined || fields.some((field) => field.name === name)) continue;
    const where = DESCRIBED_API_VERSIONS.filter((version) => leadFieldsFor(version).some((f) => f.name === name));
    fail(name, `${name} is not a field of API ${apiVersion}; it is one in ${where.join(", ")}`);
  }
}

// Fields some 2.x versions describe and others do not.
const OTHER_VERSIONS_FIELDS: readonly string[] = [
  ...new Set(DESCRIBED_API_VERSIONS.flatMap((version) => leadFieldsFor(version).map((field) => field.name))),
].filter((name) => DESCRIBED_API_VERSIONS.some((version) => !leadFieldsFor(version).some((f) => f.name === name)));

/** `owner_id` as the admin id's digits: Intercom's admin ids are whole numbers, sent as `321` or, from 2.16, `"321"`. */
function ownerId(body: Body): string | null {
  const value = body.owner_id;
  if (value === undefined || value === null) return null;
  const digits = String(value);
  if (!/^[1-9]\d*$/.test(digits)) fail("owner_id", "owner_id must be the id of an admin, such as 321");
  return digits;
}

// ISO 639-1, the codes the Preview description says language_override takes.
const ISO_639_1: ReadonlySet<string> = new Set(
  (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el " +
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu " +
    "ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na " +
    "nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so " +
    "sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
  ).split(" "),
);

/** "If an unsupported code is supplied, the field will be set to null" (the Preview description). */
function languageOverride(body: Body): string | null {
  const value = body.language_override;
  return typeof value === "string" && ISO_639_1.has(value) ? value : null;
}

/** Runs `check`, turning a `reject` inside it into `{ ok: false }`. */
export function validated<T>(check: () => T): Validated<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.entry };
    throw error;
  }
}

/**
 * Checks a 2.x `POST /contacts` body the way Intercom does: each field typed as `apiVersion`'s
 * `create_contact_request` types it (core's `leadFieldsFor`), then the rules that are not about types: the role
 * (none means a user), a user needs an email or an `external_id`, an email must be an address, `email_verified`
 * needs an email, `owner_id` names an admin, and custom attributes are flat.
 */
export function validateContactBody(body: Body, apiVersion: string): Validated<ContactFields> {
  return validated(() => {
    const resolvedRole = role(body);
    checkTypes(body, apiVersion);
    const address = email(body, false);
    const externalId = optionalString(body, "external_id");
    // A user must be identifiable; a lead needs nothing.
    if (resolvedRole === "user" && address === undefined && externalId === undefined) {
      fail("email", "A user requires an email or an external_id");
    }
    if (nullableBoolean(body, "email_verified") !== null && address === undefined) {
      fail("email_verified", "email_verified must be supplied together with an email");
    }
    return {
      role: resolvedRole,
      email: address,
      external_id: externalId,
      phone: nullableString(body, "phone"),
      name: nullableString(body, "name"),
      avatar: nullableString(body, "avatar"),
      owner_id: ownerId(body),
      signed_up_at: nullableTimestamp(body, "signed_up_at"),
      last_seen_at: nullableTimestamp(body, "last_seen_at"),
      unsubscribed_from_emails: nullableBoolean(body, "unsubscribed_from_emails") ?? false,
      language_override: languageOverride(body),
      custom_attributes: customAttributes(body),
    };
  });
}

// The legacy document: Intercom assigns user_id itself, and leads have no sign-up or sessions.
const LEGACY_FORBIDDEN: Readonly<Record<string, string>> = {
  user_id: "user_id cannot be assigned to a lead: Intercom assigns it",
  signed_up_at: "signed_up_at is not available for leads",
  session_count: "session_count is not available for leads",
  new_session: "new_session is not available for leads",
};

/** Checks a 1.x create-lead body against the original Create Lead document. */
export function validateLegacyLeadBody(body: Body): Validated<LegacyLeadFields> {
  return validated(() => {
    for (const [field, message] of Object.entries(LEGACY_FORBIDDEN)) {
      if (field in body) fail(field, message);
    }
    optionalString(body, "last_seen_user_agent");
    optionalString(body, "last_seen_ip");
    return {
      email: email(body, true) ?? null,
      phone: nullableString(body, "phone"),
      name: nullableString(body, "name"),
      last_request_at: nullableTimestamp(body, "last_request_at"),
      update_last_request_at: nullableBoolean(body, "update_last_request_at") ?? false,
      unsubscribed_from_emails: nullableBoolean(body, "unsubscribed_from_emails") ?? false,
      custom_attributes: customAttributes(body),
      utm_campaign: nullableString(body, "utm_campaign"),
      utm_content: nullableString(body, "utm_content"),
      utm_medium: nullableString(body, "utm_medium"),
      utm_source: nullableString(body, "utm_source"),
      utm_term: nullableString(body, "utm_term"),
    };
  });
}
