import type { Contact } from "@intercom-leads/core";
import { parameterInvalid } from "./error-response.ts";
import type { FakeContactList, FakeSearchPages } from "./types.ts";
import { reject, type Validated, validated } from "./validate-create.ts";

/** A 2.x contact the search may return, and whether the search index has caught up with it yet. */
export interface SearchCandidate {
  readonly body: Contact;
  readonly visible: boolean;
}

/** Intercom's default page size for search. */
export const SEARCH_DEFAULT_PER_PAGE: number = 50;
/** The largest page Intercom's search serves. */
export const SEARCH_MAX_PER_PAGE: number = 150;

type Body = Record<string, unknown>;
type Predicate = (contact: Contact) => boolean;
type FieldKind = "string" | "date" | "boolean";

/**
 * The fields the fake can search, by the type Intercom gives them. They are the ones a create can set or the
 * fake fills in; the others Intercom accepts (below) would only ever match nothing here, so they are refused.
 */
const FIELDS: Readonly<Record<string, FieldKind>> = {
  id: "string",
  role: "string",
  name: "string",
  email: "string",
  email_domain: "string",
  phone: "string",
  external_id: "string",
  owner_id: "string",
  created_at: "date",
  updated_at: "date",
  signed_up_at: "date",
  last_seen_at: "date",
  unsubscribed_from_emails: "boolean",
  marked_email_as_spam: "boolean",
  has_hard_bounced: "boolean",
};

// Searchable at Intercom (the spec's "Accepted Fields") but not modelled here; named so the 400 says why.
const INTERCOM_ONLY_FIELDS: ReadonlySet<string> = new Set([
  "avatar",
  "formatted_phone",
  "last_contacted_at",
  "last_replied_at",
  "last_email_opened_at",
  "last_email_clicked_at",
  "language_override",
  "browser",
  "browser_language",
  "os",
  "location.country",
  "location.region",
  "location.city",
  "ios_last_seen_at",
  "ios_app_version",
  "ios_device",
  "ios_app_device",
  "ios_os_version",
  "ios_app_name",
  "ios_sdk_version",
  "android_last_seen_at",
  "android_app_version",
  "android_device",
  "android_app_name",
  "andoid_sdk_version",
  "segment_id",
  "tag_id",
]);

/** The spec's operator enum (`single_filter_search_request.operator`). */
const SPEC_OPERATORS: readonly string[] = ["=", "!=", "IN", "NIN", "<", "<=", ">", ">=", "~", "!~", "^", "$"];

/** Operators by field type, as the spec lists them for contacts; boolean IN/NIN are left out as no client needs them. */
const OPERATORS: Readonly<Record<FieldKind, readonly string[]>> = {
  string: ["=", "!=", "IN", "NIN", "~", "!~", "^", "$"],
  // Dates are matched by calendar day, which leaves no room for >= or <=: Intercom refuses them.
  date: ["=", "<", ">"],
  boolean: ["=", "!="],
};

// Fields whose value may be sent as a number: ids that some versions type as integers.
const NUMERIC_IDS: ReadonlySet<string> = new Set(["owner_id"]);

// Email addresses are case-insensitive in practice, and Intercom finds "A@B.co" by "a@b.co".
const CASE_INSENSITIVE: ReadonlySet<string> = new Set(["email", "email_domain"]);

// The spec's nesting limits: "max 2 nested filters" and "max 15 filters for each AND or OR group".
const MAX_GROUP_DEPTH = 2;
const MAX_GROUP_SIZE = 15;

const DAY_SECONDS = 86_400;

function invalid(field: string, message: string): never {
  reject(parameterInvalid(field, message));
}

function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field's value, with Intercom's "no value" spellings (`null`, `""`) as `null`. */
function stringValue(contact: Contact, field: string): string | null {
  const value = contact[field];
  if (value === null || value === undefined || value === "") return null;
  const text = typeof value === "string" ? value : String(value);
  return CASE_INSENSITIVE.has(field) ? text.toLowerCase() : text;
}

function stringFilter(field: string, operator: string, value: unknown, at: string): Predicate {
  const normalise = (text: string): string => (CASE_INSENSITIVE.has(field) ? text.toLowerCase() : text);
  if (operator === "IN" || operator === "NIN") {
    const ok = Array.isArray(value) && value.every((item) => typeof item === "string" || Number.isInteger(item));
    if (!ok) invalid(`${at}.value`, `${operator} needs an array of strings for field '${field}'`);
    const wanted = new Set((value as (string | number)[]).map((item) => normalise(String(item))));
    const isIn: Predicate = (contact) => {
      const actual = stringValue(contact, field);
      return actual !== null && wanted.has(actual);
    };
    return operator === "IN" ? isIn : (contact) => !isIn(contact);
  }
  if (value === null && (operator === "=" || operator === "!=")) {
    // `= null` finds contacts without the field, as Intercom's does.
    return operator === "="
      ? (contact) => stringValue(contact, field) === null
      : (contact) => stringValue(contact, field) !== null;
  }
  // owner_id is an Integer in the search tables of 2.7–2.15 (and of Preview), a String in 2.16's: either is taken.
  const given = NUMERIC_IDS.has(field) && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof given !== "string") invalid(`${at}.value`, `Value for field '${field}' must be a string`);
  const wanted = normalise(given);
  const test = (actual: string | null): boolean => {
    if (actual === null) return false;
    switch (operator) {
      case "=":
      case "!=":
        return actual === wanted;
      case "~":
      case "!~":
        return actual.includes(wanted);
      case "^":
        return actual.startsWith(wanted);
      default:
        return actual.endsWith(wanted);
    }
  };
  const negated = operator === "!=" || operator === "!~";
  return (contact) => test(stringValue(contact, field)) !== negated;
}

/**
 * Dates match by calendar day, as the spec says Intercom's search does: the value is truncated to its day
 * (UTC here; Intercom uses the workspace's time zone), `>` starts at the next day and `<` before that day.
 */
function dateFilter(field: string, operator: string, value: unknown, at: string): Predicate {
  // The spec's own example sends the timestamp as a string of digits.
  const seconds = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== "number" || !Number.isInteger(seconds)) {
    invalid(`${at}.value`, `Value for date field '${field}' must be a Unix timestamp in seconds`);
  }
  const dayStart = Math.floor(seconds / DAY_SECONDS) * DAY_SECONDS;
  const nextDay = dayStart + DAY_SECONDS;
  return (contact) => {
    const actual = contact[field];
    if (typeof actual !== "number") return false;
    if (operator === ">") return actual >= nextDay;
    if (operator === "<") return actual < dayStart;
    return actual >= dayStart && actual < nextDay;
  };
}

function booleanFilter(field: string, operator: string, value: unknown, at: string): Predicate {
  if (typeof value !== "boolean") invalid(`${at}.value`, `Value for field '${field}' must be true or false`);
  const negated = operator === "!=";
  return (contact) => (contact[field] === value) !== negated;
}

function singleFilter(filter: Body, at: string): Predicate {
  const { field, operator } = filter;
  if (typeof field !== "string") invalid(`${at}.field`, "A filter needs a field");
  if (typeof operator !== "string" || !SPEC_OPERATORS.includes(operator)) {
    invalid(`${at}.operator`, `Operator ${JSON.stringify(operator)} is not one of: ${SPEC_OPERATORS.join(", ")}`);
  }
  const kind = FIELDS[field];
  if (kind === undefined) {
    const why =
      INTERCOM_ONLY_FIELDS.has(field) || field.startsWith("custom_attributes.")
        ? `Field '${field}' is searchable at Intercom but not in the fake`
        : `Field '${field}' is not a searchable contact field`;
    invalid(`${at}.field`, why);
  }
  if (!OPERATORS[kind].includes(operator)) {
    invalid(`${at}.operator`, `Operator '${operator}' is not supported on ${kind} field '${field}'`);
  }
  if (!("value" in filter)) invalid(`${at}.value`, `A filter on '${field}' needs a value`);
  const { value } = filter;
  if (kind === "date") return dateFilter(field, operator, value, at);
  if (kind === "boolean") return booleanFilter(field, operator, value, at);
  return stringFilter(field, operator, value, at);
}

function filter(node: unknown, at: string, depth: number): Predicate {
  if (!isObject(node)) invalid(at, "A filter must be an object");
  const { operator } = node;
  if (operator !== "AND" && operator !== "OR") return singleFilter(node, at);
  if (depth >= MAX_GROUP_DEPTH) invalid(at, `Filters nest at most ${MAX_GROUP_DEPTH} groups deep`);
  const { value } = node;
  if (!Array.isArray(value) || value.length === 0) invalid(`${at}.value`, `${operator} needs an array of filters`);
  if (value.length > MAX_GROUP_SIZE)
    invalid(`${at}.value`, `An ${operator} group takes at most ${MAX_GROUP_SIZE} filters`);
  const parts = value.map((child, index) => filter(child, `${at}.value[${index}]`, depth + 1));
  return operator === "AND"
    ? (contact) => parts.every((part) => part(contact))
    : (contact) => parts.some((part) => part(contact));
}

type Compare = (a: Contact, b: Contact) => number;

function sortOrder(sort: unknown): Compare | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isObject(sort)) invalid("sort", "sort must be an object");
  const { field, order = "descending" } = sort;
  if (typeof field !== "string" || FIELDS[field] === undefined) {
    invalid("sort.field", `Cannot sort on ${JSON.stringify(field)}: not a searchable contact field`);
  }
  if (order !== "ascending" && order !== "descending") {
    // Worded as the spec's own 400 example.
    reject({
      code: "invalid_sort_order",
      message: `Invalid sort order '${String(order)}'. Must be one of: ascending, descending`,
    });
  }
  const direction = order === "ascending" ? 1 : -1;
  const key = (contact: Contact): string | number | boolean | null => {
    const value = contact[field];
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null;
  };
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    // Contacts without the field come last either way, so a page never starts with gaps.
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * direction;
  };
}

interface Pagination {
  readonly perPage: number;
  readonly startingAfter: string | undefined;
}

function pagination(value: unknown): Pagination {
  if (value === undefined || value === null) return { perPage: SEARCH_DEFAULT_PER_PAGE, startingAfter: undefined };
  if (!isObject(value)) invalid("pagination", "pagination must be an object");
  const { per_page: perPage = SEARCH_DEFAULT_PER_PAGE, starting_after: startingAfter } = value;
  // Strict where Intercom may clamp: a client asking for more than a page holds should hear about it.
  if (typeof perPage !== "number" || !Number.isInteger(perPage) || perPage < 1 || perPage > SEARCH_MAX_PER_PAGE) {
    invalid("pagination.per_page", `per_page must be a whole number from 1 to ${SEARCH_MAX_PER_PAGE}`);
  }
  if (startingAfter !== undefined && startingAfter !== null && typeof startingAfter !== "string") {
    invalid("pagination.starting_after", "starting_after must be a cursor from pages.next");
  }
  return { perPage, startingAfter: startingAfter ?? undefined };
}

/** A checked search request, ready to run against the contacts. */
export interface SearchPlan {
  readonly matches: Predicate;
  readonly compare: Compare | undefined;
  readonly perPage: number;
  readonly startingAfter: string | undefined;
}

/** Checks a `POST /contacts/search` body (the spec's `contact_search_request`). */
export function parseSearchRequest(body: Body): Validated<SearchPlan> {
  return validated(() => {
    if (!("query" in body)) invalid("query", "query is required");
    const matches = filter(body.query, "query", 0);
    const compare = sortOrder(body.sort);
    const { perPage, startingAfter } = pagination(body.pagination);
    return { matches, compare, perPage, startingAfter };
  });
}

// The cursor names the page's last contact, like Intercom's search_after cursors name its sort values: a
// contact that turns up later (the index catching up) then neither shifts the next page nor repeats one.
function encodeCursor(id: string): string {
  return btoa(JSON.stringify(["fake-intercom", id]));
}

function decodeCursor(cursor: string): string | undefined {
  try {
    const decoded = JSON.parse(atob(cursor)) as unknown;
    return Array.isArray(decoded) && decoded[0] === "fake-intercom" && typeof decoded[1] === "string"
      ? decoded[1]
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `plan` over `candidates` (every 2.x contact, in creation order) and answers one page. Without a
 * `sort` the order is creation order, oldest first: Intercom documents none, and this one keeps pages stable.
 * `cursorField` names the cursor in a refusal: `pagination.starting_after` in a search's body, `starting_after`
 * in a list's query.
 */
export function runSearch(
  plan: SearchPlan,
  candidates: readonly SearchCandidate[],
  cursorField: string = "pagination.starting_after",
): Validated<FakeContactList> {
  return validated(() => {
    // Creation order breaks ties, so the order is total and a cursor has one place to resume from.
    const ranked = candidates.map((candidate, seq) => ({ ...candidate, seq }));
    const order = (a: { body: Contact; seq: number }, b: { body: Contact; seq: number }): number =>
      (plan.compare?.(a.body, b.body) ?? 0) || a.seq - b.seq;
    const results = ranked.filter((candidate) => candidate.visible && plan.matches(candidate.body)).sort(order);

    let start = 0;
    if (plan.startingAfter !== undefined) {
      const id = decodeCursor(plan.startingAfter);
      const last = id === undefined ? undefined : ranked.find((candidate) => candidate.body.id === id);
      if (last === undefined) invalid(cursorField, "starting_after is not a cursor this workspace handed out");
      const after = results.findIndex((candidate) => order(candidate, last) > 0);
      start = after === -1 ? results.length : after;
    }

    const perPage = plan.perPage;
    const page = results.slice(start, start + perPage);
    const lastOnPage = page.at(-1);
    const pageNumber = Math.floor(start / perPage) + 1;
    const counts = { page: pageNumber, per_page: perPage, total_pages: Math.ceil(results.length / perPage) };
    // `next` sits between `type` and `page`, where Intercom puts it, and only when there is a next page. It has
    // the page's number, as Intercom's answers do, and `per_page` and `starting_after`, as the descriptions'
    // `starting_after_paging` has them (2.11's requires `per_page`).
    const pages: FakeSearchPages =
      lastOnPage !== undefined && start + perPage < results.length
        ? {
            type: "pages",
            next: { page: pageNumber + 1, per_page: perPage, starting_after: encodeCursor(lastOnPage.body.id) },
            ...counts,
          }
        : { type: "pages", ...counts };
    return { type: "list", data: page.map((candidate) => candidate.body), total_count: results.length, pages };
  });
}
