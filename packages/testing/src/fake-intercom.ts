import { DEFAULT_API_VERSION, type IntercomErrorEntry } from "@intercom-leads/core";
import { DEFAULT_RATE_LIMIT, DEFAULT_WORKSPACE_ID, FAKE_INTERCOM_TOKEN } from "./constants.ts";
import {
  buildContactRecord,
  buildLegacyLead,
  type ContactRecord,
  FAKE_LOCATION,
  renderContact,
} from "./contact-factory.ts";
import { includeMergeHistory, parseListRequest } from "./contact-list.ts";
import { DATA_ATTRIBUTE_ERRORS, userAttributeMissing } from "./data-attributes/messages.ts";
import { DataAttributeStore } from "./data-attributes/store.ts";
import type { StoredDataAttribute } from "./data-attributes/types.ts";
import { validateDataAttributeBody } from "./data-attributes/validate.ts";
import {
  ERRORS,
  errorResponse,
  internalError,
  jsonResponse,
  rateLimitError,
  serverErrorFor,
} from "./error-response.ts";
import {
  connectionDroppedError,
  FaultQueue,
  htmlBadGateway,
  isFakeConnectionDrop,
  waitUnlessAborted,
} from "./faults.ts";
import { IdSource } from "./ids.ts";
import { listLegacyLeads } from "./legacy-list.ts";
import { RateWindow } from "./rate-window.ts";
import {
  acceptsJson,
  bearerToken,
  isJsonContentType,
  isKnownApiVersion,
  isLegacyApiVersion,
} from "./request-checks.ts";
import { parseSearchRequest, runSearch, type SearchCandidate } from "./search.ts";
import type {
  FakeFault,
  FakeIntercom,
  FakeIntercomOptions,
  FaultRoute,
  InjectOptions,
  RecordedRequest,
  StoredApiContact,
  StoredContact,
  StoredLegacyLead,
} from "./types.ts";
import { validateContactBody, validated, validateLegacyLeadBody } from "./validate-create.ts";

/** A stored contact, and for a 2.x one the record every version's answer is rendered from. */
interface Entry {
  readonly stored: StoredContact;
  readonly record: ContactRecord | undefined;
}

/** One request on its way through the fake, with what every answer to it needs. */
interface Exchange {
  readonly request: Request;
  readonly text: string;
  readonly apiVersion: string;
  readonly at: number;
  readonly requestId: string;
  /** `X-Request-Id` and, when rate limiting is on, the `X-RateLimit-*` headers. */
  readonly headers: Headers;
}

function parseRecordedBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  // Headers iterate with lower-case names and repeated values already joined.
  for (const [name, value] of headers) out[name] = value;
  return out;
}

function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The only rejections `fetch` lets through: the drop-connection fault, and an abort, which `fetch` itself rejects for. */
function isDeliberate(error: unknown, request: Request): boolean {
  return isFakeConnectionDrop(error) || (request.signal.aborted && error === request.signal.reason);
}

/**
 * Creates an in-memory Intercom that creates leads (`POST /contacts`), serves them (`GET /contacts/{id}`),
 * lists them (`GET /contacts`: 2.x "List all contacts" by cursor, 1.x "List Leads" and `?email=`) and finds them
 * again the ways a client reconciling an ambiguous create would (`POST /contacts/search` in 2.x), the lookups
 * behind a configurable search lag. Each 2.x answer is shaped as the request's `Intercom-Version` describes a
 * contact (`owner_id` an integer up to 2.15, a string from 2.16), and a create's fields are typed as that
 * version's `create_contact_request` (core's `leadFieldsFor`). Requests are checked in Intercom's order: rate
 * limit, token, `Accept`, `Intercom-Version`, route, body. In 2.x it also lists and creates the workspace's data
 * attributes (`GET`/`POST /data_attributes`), and with `customAttributes` refuses a create naming a custom attribute
 * the workspace has not defined, as Intercom does. It uses only Web APIs, so it runs in Node, Workers,
 * Deno, Bun and browsers, and in MSW through `toMswResolver`.
 */
export function createFakeIntercom(options: FakeIntercomOptions = {}): FakeIntercom {
  const tokens = new Set<string>(
    options.token === undefined
      ? [FAKE_INTERCOM_TOKEN]
      : typeof options.token === "string"
        ? [options.token]
        : options.token,
  );
  const defaultApiVersion = options.defaultApiVersion ?? DEFAULT_API_VERSION;
  if (!isKnownApiVersion(defaultApiVersion)) {
    throw new RangeError(
      `defaultApiVersion must look like "2.14", "1.1" or "Preview", got ${JSON.stringify(defaultApiVersion)}`,
    );
  }
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const window = rateLimit === false ? undefined : new RateWindow(rateLimit);
  // Looked up on every call, so fake timers installed after the fake was made (vi.useFakeTimers) still drive it.
  const now = options.now ?? (() => Date.now());
  const workspaceId = options.workspaceId ?? DEFAULT_WORKSPACE_ID;
  const searchLagMs = options.searchLagMs ?? 0;
  if (!Number.isFinite(searchLagMs) || searchLagMs < 0) {
    throw new RangeError(`searchLagMs must be a number >= 0, got ${String(searchLagMs)}`);
  }

  const entries: Entry[] = [];
  // Mutable here only so the answer's status can be filled in once it is known.
  const requests: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] }[] = [];
  const faults: Readonly<Record<FaultRoute, FaultQueue>> = {
    create: new FaultQueue("create"),
    search: new FaultQueue("search"),
  };
  const ids = new IdSource();
  // Without the option every attribute a create sends exists, as the fake always had it.
  const strictAttributes = options.customAttributes !== undefined;
  const attributes = new DataAttributeStore(options.customAttributes ?? [], now);

  function fail(
    exchange: Exchange,
    status: number,
    error: IntercomErrorEntry,
    extra?: Record<string, string>,
  ): Response {
    const headers = new Headers(exchange.headers);
    for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
    return errorResponse(status, error, exchange.requestId, headers);
  }

  function tooManyRequests(exchange: Exchange): Response {
    // An injected 429 must look like a real one, so the window reads as used up.
    const extra: Record<string, string> = window ? { "x-ratelimit-remaining": "0" } : {};
    const limit = window?.limit ?? DEFAULT_RATE_LIMIT.limit;
    const label = window?.windowLabel ?? "10_seconds";
    return fail(exchange, 429, rateLimitError(limit, label), extra);
  }

  /** The request's JSON object body, or the answer Intercom gives when it is not one. */
  function jsonObjectBody(exchange: Exchange): Record<string, unknown> | Response {
    if (!isJsonContentType(exchange.request.headers.get("content-type"))) {
      return fail(exchange, 415, ERRORS.unsupportedMediaType);
    }
    let body: unknown;
    try {
      body = JSON.parse(exchange.text);
    } catch {
      return fail(exchange, 400, ERRORS.malformedJson);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return fail(exchange, 400, ERRORS.notAnObject);
    }
    return body as Record<string, unknown>;
  }

  /**
   * Validates and stores at `at` (ms on the clock); synchronous, so a stored fault can store before it
   * misbehaves. `at` is the arrival time unless a slow fault stores late, which the search lag counts from.
   */
  function createContact(exchange: Exchange, at: number): Response {
    const fields = jsonObjectBody(exchange);
    if (fields instanceof Response) return fields;
    const nowSeconds = Math.floor(at / 1000);

    if (isLegacyApiVersion(exchange.apiVersion)) {
      const checked = validateLegacyLeadBody(fields);
      if (!checked.ok) return fail(exchange, 400, checked.error);
      const id = ids.contactId(at);
      const lead = buildLegacyLead(checked.value, {
        id,
        workspaceId,
        nowSeconds,
        userId: crypto.randomUUID(),
        pseudonym: ids.pseudonym(FAKE_LOCATION.city_name),
      });
      const stored: StoredLegacyLead = {
        id,
        apiVersion: exchange.apiVersion,
        at,
        legacy: true,
        role: "lead",
        body: lead,
      };
      entries.push({ stored, record: undefined });
      return jsonResponse(200, lead, exchange.headers);
    }

    const checked = validateContactBody(fields, exchange.apiVersion);
    if (!checked.ok) return fail(exchange, 400, checked.error);
    const missing = strictAttributes
      ? attributes.firstUndefined(Object.keys(checked.value.custom_attributes))
      : undefined;
    if (missing !== undefined) return fail(exchange, 400, userAttributeMissing(missing));
    const id = ids.contactId(at);
    const record = buildContactRecord(checked.value, { id, workspaceId, nowSeconds });
    const contact = renderContact(record, exchange.apiVersion, { mergeHistory: false });
    const stored: StoredApiContact = {
      id,
      apiVersion: exchange.apiVersion,
      at,
      legacy: false,
      role: record.role,
      body: contact,
    };
    entries.push({ stored, record });
    return jsonResponse(200, contact, exchange.headers);
  }

  /**
   * Answers with `fault` instead of, or around, `serve` (which handles the request as of a clock reading).
   * Search faults are never `stored: true` (the queue refuses it), so there `serve` runs only for `slow`.
   */
  async function withFault(exchange: Exchange, fault: FakeFault, serve: (at: number) => Response): Promise<Response> {
    const signal = exchange.request.signal;
    switch (fault.kind) {
      case "rate-limit":
        return tooManyRequests(exchange);
      case "server-error": {
        if (fault.stored) serve(exchange.at);
        const status = fault.status ?? 500;
        return fail(exchange, status, serverErrorFor(status));
      }
      case "html-502":
        if (fault.stored === true) serve(exchange.at);
        return htmlBadGateway();
      case "slow": {
        if (fault.stored === false) {
          await waitUnlessAborted(fault.delayMs, signal);
          return serve(now());
        }
        const answer = serve(exchange.at);
        await waitUnlessAborted(fault.delayMs, signal);
        return answer;
      }
      case "drop-connection":
        if (fault.stored) serve(exchange.at);
        throw connectionDroppedError();
    }
  }

  /** Whether the search index has caught up with `contact` by `at`. */
  function indexed(contact: StoredContact, at: number): boolean {
    return at - contact.at >= searchLagMs;
  }

  /** Every 2.x contact as the request's version shapes it, and whether the index has it by `at`. */
  function apiCandidates(exchange: Exchange, at: number, mergeHistory: boolean): SearchCandidate[] {
    return entries.flatMap(({ stored, record }) =>
      record
        ? [{ body: renderContact(record, exchange.apiVersion, { mergeHistory }), visible: indexed(stored, at) }]
        : [],
    );
  }

  /** `POST /contacts/search` as of `at`: 2.x contacts only, as the 1.x leads' bodies are not 2.x contacts. */
  function searchContacts(exchange: Exchange, at: number): Response {
    const body = jsonObjectBody(exchange);
    if (body instanceof Response) return body;
    const plan = parseSearchRequest(body);
    if (!plan.ok) return fail(exchange, 400, plan.error);
    const mergeHistory = validated(() =>
      includeMergeHistory(new URL(exchange.request.url), exchange.apiVersion, false),
    );
    if (!mergeHistory.ok) return fail(exchange, 400, mergeHistory.error);
    const answer = runSearch(plan.value, apiCandidates(exchange, at, mergeHistory.value));
    return answer.ok ? jsonResponse(200, answer.value, exchange.headers) : fail(exchange, 400, answer.error);
  }

  /** The 2.x `GET /contacts` ("List all contacts") as of `at`: every 2.x contact, oldest first, by cursor. */
  function listContacts(exchange: Exchange, at: number): Response {
    const plan = parseListRequest(new URL(exchange.request.url), exchange.apiVersion);
    if (!plan.ok) return fail(exchange, 400, plan.error);
    const { perPage, startingAfter, mergeHistory } = plan.value;
    const everyone = { matches: () => true, compare: undefined, perPage, startingAfter };
    const answer = runSearch(everyone, apiCandidates(exchange, at, mergeHistory), "starting_after");
    return answer.ok ? jsonResponse(200, answer.value, exchange.headers) : fail(exchange, 400, answer.error);
  }

  /** The legacy `GET /contacts[?email=]` as of `at`: 1.x leads only, for the same reason. */
  function listLeads(exchange: Exchange, at: number): Response {
    const candidates = entries
      .map((entry) => entry.stored)
      .filter((contact): contact is StoredLegacyLead => contact.legacy)
      .map((contact) => ({ body: contact.body, visible: indexed(contact, at) }));
    const answer = listLegacyLeads(new URL(exchange.request.url), candidates);
    return answer.ok ? jsonResponse(200, answer.value, exchange.headers) : fail(exchange, 400, answer.error);
  }

  /** `POST /data_attributes` (2.x): checked per version, stored unless the name is taken. */
  function createDataAttribute(exchange: Exchange): Response {
    const body = jsonObjectBody(exchange);
    if (body instanceof Response) return body;
    const checked = validateDataAttributeBody(body, exchange.apiVersion);
    if (!checked.ok) return fail(exchange, 400, checked.error);
    const created = attributes.create(checked.value, exchange.apiVersion, exchange.at);
    return created.ok ? jsonResponse(200, created.value, exchange.headers) : fail(exchange, 400, created.error);
  }

  /** `GET /data_attributes` (2.x): the standard contact attributes, then the custom ones, oldest first. */
  function listDataAttributes(exchange: Exchange): Response {
    const answer = attributes.list(new URL(exchange.request.url), exchange.apiVersion);
    if ("gone" in answer) return fail(exchange, 422, DATA_ATTRIBUTE_ERRORS.conversationModelGone);
    return answer.ok ? jsonResponse(200, answer.value, exchange.headers) : fail(exchange, 400, answer.error);
  }

  /** Serves the request, or the fault waiting on `route`'s queue. */
  function serveOrFault(
    exchange: Exchange,
    route: FaultRoute,
    serve: (exchange: Exchange, at: number) => Response,
  ): Response | Promise<Response> {
    const fault = faults[route].take();
    return fault ? withFault(exchange, fault, (at) => serve(exchange, at)) : serve(exchange, exchange.at);
  }

  /**
   * `GET /contacts/{id}`: a 2.x contact as the request's version shapes it; a 1.x lead, or any contact read
   * through 1.x, as its create answered.
   */
  function findContact(exchange: Exchange, id: string): Response {
    const found = entries.find((entry) => entry.stored.id === id);
    if (!found) return fail(exchange, 404, ERRORS.contactNotFound);
    if (!found.record || isLegacyApiVersion(exchange.apiVersion)) {
      return jsonResponse(200, found.stored.body, exchange.headers);
    }
    const mergeHistory = validated(() =>
      includeMergeHistory(new URL(exchange.request.url), exchange.apiVersion, false),
    );
    if (!mergeHistory.ok) return fail(exchange, 400, mergeHistory.error);
    const options = { mergeHistory: mergeHistory.value };
    return jsonResponse(200, renderContact(found.record, exchange.apiVersion, options), exchange.headers);
  }

  async function route(exchange: Exchange): Promise<Response> {
    const { request } = exchange;
    const path = normalisePath(new URL(request.url).pathname);
    const legacy = isLegacyApiVersion(exchange.apiVersion);
    if (path === "/contacts") {
      if (request.method === "POST") return serveOrFault(exchange, "create", createContact);
      // A lookup like a search: behind the search lag, and on the search route's faults.
      if (request.method === "GET") return serveOrFault(exchange, "search", legacy ? listLeads : listContacts);
      return fail(exchange, 405, ERRORS.methodNotAllowed, { allow: "GET, POST" });
    }
    // 1.x has no search: there the path reads as a contact id, as it always did.
    if (path === "/contacts/search" && !legacy) {
      if (request.method !== "POST") return fail(exchange, 405, ERRORS.methodNotAllowed, { allow: "POST" });
      return serveOrFault(exchange, "search", searchContacts);
    }
    // The 1.x seed describes no data attributes: there the path is unknown.
    if (path === "/data_attributes" && !legacy) {
      if (request.method === "POST") return createDataAttribute(exchange);
      if (request.method === "GET") return listDataAttributes(exchange);
      return fail(exchange, 405, ERRORS.methodNotAllowed, { allow: "GET, POST" });
    }
    const match = /^\/contacts\/([^/]+)$/.exec(path);
    if (match?.[1] !== undefined) {
      if (request.method !== "GET") return fail(exchange, 405, ERRORS.methodNotAllowed, { allow: "GET" });
      return findContact(exchange, safeDecode(match[1]));
    }
    return fail(exchange, 404, ERRORS.resourceNotFound);
  }

  async function handle(request: Request): Promise<Response> {
    const at = now();
    const text = await request.text();
    const versionHeader = request.headers.get("intercom-version");
    const apiVersion = versionHeader ?? defaultApiVersion;
    const record = {
      method: request.method,
      path: new URL(request.url).pathname,
      url: request.url,
      headers: headerRecord(request.headers),
      body: parseRecordedBody(text),
      apiVersion,
      at,
      status: undefined as number | undefined,
    };
    requests.push(record);

    const requestId = crypto.randomUUID();
    const rate = window?.hit(at);
    const headers = new Headers({ "x-request-id": requestId });
    if (rate) {
      headers.set("x-ratelimit-limit", String(rate.limit));
      headers.set("x-ratelimit-remaining", String(rate.remaining));
      headers.set("x-ratelimit-reset", String(rate.resetSeconds));
    }
    const exchange: Exchange = { request, text, apiVersion, at, requestId, headers };

    let response: Response;
    try {
      response = await check(exchange, rate?.exceeded === true);
    } catch (error) {
      if (isDeliberate(error, request)) throw error;
      response = internalError(error, "Fake Intercom");
    }
    record.status = response.status;
    return response;
  }

  async function check(exchange: Exchange, overLimit: boolean): Promise<Response> {
    const { request } = exchange;
    if (overLimit) return tooManyRequests(exchange);
    const token = bearerToken(request.headers.get("authorization"));
    if (token === undefined || !tokens.has(token)) return fail(exchange, 401, ERRORS.unauthorized);
    if (!acceptsJson(request.headers.get("accept"))) return fail(exchange, 406, ERRORS.notAcceptable);
    if (!isKnownApiVersion(exchange.apiVersion)) return fail(exchange, 400, ERRORS.versionInvalid);
    return route(exchange);
  }

  async function fetch(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    let request: Request | undefined;
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return await handle(request);
    } catch (error) {
      if (request && isDeliberate(error, request)) throw error;
      return internalError(error, "Fake Intercom");
    }
  }

  return {
    fetch,
    get contacts(): readonly StoredContact[] {
      return entries.map((entry) => entry.stored);
    },
    get leads(): readonly StoredContact[] {
      return entries.map((entry) => entry.stored).filter((contact) => contact.role === "lead");
    },
    get dataAttributes(): readonly StoredDataAttribute[] {
      return attributes.all;
    },
    get requests(): readonly RecordedRequest[] {
      return [...requests];
    },
    inject(fault: FakeFault, injectOptions?: InjectOptions): void {
      const route = injectOptions?.route ?? "create";
      // Checked here as well as typed: a misspelt route from plain JS would otherwise queue nowhere.
      if (!Object.hasOwn(faults, route))
        throw new RangeError(`route must be "create" or "search", got ${JSON.stringify(route)}`);
      faults[route].push(fault, injectOptions?.times ?? 1);
    },
    reset(): void {
      entries.length = 0;
      requests.length = 0;
      faults.create.clear();
      faults.search.clear();
      window?.clear();
      attributes.reset();
    },
  };
}
