import type { LegacyLead } from "@intercom-leads/core";
import { parameterInvalid } from "./error-response.ts";
import type { FakeLegacyContactList } from "./types.ts";
import { reject, type Validated, validated } from "./validate-create.ts";

/** A 1.x lead the list may return, and whether the search index has caught up with it yet. */
export interface LegacyListCandidate {
  readonly body: LegacyLead;
  readonly visible: boolean;
}

/** The 1.x lists' default page size. */
export const LEGACY_DEFAULT_PER_PAGE: number = 50;
/** The largest page the 1.x lists serve. */
export const LEGACY_MAX_PER_PAGE: number = 60;

// The parameters the legacy "List Leads" and "List by Email" documents name that the fake models.
const SUPPORTED: ReadonlySet<string> = new Set(["email", "page", "per_page"]);

function invalid(field: string, message: string): never {
  reject(parameterInvalid(field, message));
}

function wholeNumber(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  // Strict where Intercom may clamp: a client paging wrongly should find out against the fake.
  if (!Number.isInteger(value) || value < 1 || value > max)
    invalid(name, `${name} must be a whole number from 1 to ${max}`);
  return value;
}

/**
 * Answers the legacy `GET /contacts[?email=]`: every lead, or the leads with that email (compared without
 * case), newest first as the 1.x documents say, paged by `page` and `per_page`. Other parameters (`user_id`,
 * `phone`, `created_since`, ...) are refused rather than ignored, so a client relying on them fails loudly.
 */
export function listLegacyLeads(
  url: URL,
  candidates: readonly LegacyListCandidate[],
): Validated<FakeLegacyContactList> {
  return validated(() => {
    const params = url.searchParams;
    for (const name of params.keys()) {
      if (!SUPPORTED.has(name))
        invalid(name, `Listing leads by '${name}' is not supported by the fake; use email, page and per_page`);
    }
    const email = params.get("email");
    if (email === "") invalid("email", "email must not be empty");
    const page = wholeNumber(params, "page", 1, Number.MAX_SAFE_INTEGER);
    const perPage = wholeNumber(params, "per_page", LEGACY_DEFAULT_PER_PAGE, LEGACY_MAX_PER_PAGE);

    const wanted = email?.toLowerCase();
    const listed = candidates
      .map((candidate, seq) => ({ ...candidate, seq }))
      .filter(({ body, visible }) => visible && (wanted === undefined || body.email?.toLowerCase() === wanted))
      .sort((a, b) => b.body.created_at - a.body.created_at || b.seq - a.seq);

    const totalPages = Math.ceil(listed.length / perPage);
    let next: string | null = null;
    if (page < totalPages) {
      const nextUrl = new URL(url);
      nextUrl.searchParams.set("per_page", String(perPage));
      nextUrl.searchParams.set("page", String(page + 1));
      next = nextUrl.href;
    }
    return {
      type: "contact.list",
      total_count: listed.length,
      contacts: listed.slice((page - 1) * perPage, page * perPage).map(({ body }) => body),
      pages: { type: "pages", next, page, per_page: perPage, total_pages: totalPages },
    };
  });
}
