import { contactShapeFor } from "./api-version.ts";
import { parameterInvalid } from "./error-response.ts";
import { reject, type Validated, validated } from "./validate-create.ts";

/**
 * The page size of the 2.x "List all contacts" when none is asked for: "The default is `50` results per page",
 * as every description's text says (2.11's `per_page` parameter says 15, against its own text).
 */
export const LIST_DEFAULT_PER_PAGE: number = 50;
/**
 * The largest page the 2.x list serves. No description of `GET /contacts` gives one; 150 is what the descriptions
 * give for Intercom's other cursor-paged lists and searches, and what the fake's search serves.
 */
export const LIST_MAX_PER_PAGE: number = 150;

/** A checked 2.x `GET /contacts` request. */
export interface ListPlan {
  readonly perPage: number;
  readonly startingAfter: string | undefined;
  /** `include_merge_history=true` (2.16 and Preview). */
  readonly mergeHistory: boolean;
}

function invalid(field: string, message: string): never {
  reject(parameterInvalid(field, message));
}

/**
 * `include_merge_history`, a query parameter of the 2.16 and Preview reads. Before 2.16 it is no parameter:
 * `strict` (the list, which refuses what it does not know) refuses it, the other reads ignore it.
 */
export function includeMergeHistory(url: URL, apiVersion: string, strict: boolean): boolean {
  const value = url.searchParams.get("include_merge_history");
  if (value === null) return false;
  if (!contactShapeFor(apiVersion).mergeHistory) {
    if (strict) invalid("include_merge_history", `include_merge_history is a parameter of API 2.16 and Preview`);
    return false;
  }
  if (value !== "true" && value !== "false")
    invalid("include_merge_history", "include_merge_history must be a boolean");
  return value === "true";
}

// Parameters a client might reasonably send that this list does not take, with what to use instead.
const NOT_PARAMETERS: Readonly<Record<string, string>> = {
  email: "List all contacts takes no filter in API 2.x: find contacts by email with POST /contacts/search",
  page: "List all contacts pages by cursor: send pages.next.starting_after as starting_after",
};

/**
 * Checks the query of a 2.x `GET /contacts` ("List all contacts"): `per_page` (1 to 150, default 50) and
 * `starting_after` (a cursor from `pages.next`), plus `include_merge_history` from 2.16. Any other parameter is
 * refused rather than ignored, so a client that believes it is filtering (`?email=`) fails loudly.
 */
export function parseListRequest(url: URL, apiVersion: string): Validated<ListPlan> {
  return validated(() => {
    const params = url.searchParams;
    for (const name of params.keys()) {
      if (name === "per_page" || name === "starting_after" || name === "include_merge_history") continue;
      invalid(name, NOT_PARAMETERS[name] ?? `'${name}' is not a parameter of List all contacts`);
    }
    const rawPerPage = params.get("per_page");
    let perPage = LIST_DEFAULT_PER_PAGE;
    if (rawPerPage !== null) {
      perPage = /^\d+$/.test(rawPerPage) ? Number(rawPerPage) : Number.NaN;
      // Strict where Intercom may clamp: a client asking for more than a page holds should hear about it.
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > LIST_MAX_PER_PAGE)
        invalid("per_page", `per_page must be a whole number from 1 to ${LIST_MAX_PER_PAGE}`);
    }
    const startingAfter = params.get("starting_after");
    if (startingAfter === "") invalid("starting_after", "starting_after must be a cursor from pages.next");
    return {
      perPage,
      startingAfter: startingAfter ?? undefined,
      mergeHistory: includeMergeHistory(url, apiVersion, true),
    };
  });
}
