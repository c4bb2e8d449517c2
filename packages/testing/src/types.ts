import type { Contact, LegacyLead } from "@intercom-leads/core";
import type { StoredDataAttribute } from "./data-attributes/types.ts";

/** Fixed-window rate limiting, as Intercom counts requests per app. */
export interface FakeRateLimit {
  /**
   * Requests allowed in one window, rejected ones included.
   * @default 1666
   */
  limit: number;
  /**
   * Length of a window in milliseconds. Windows are aligned on multiples of it, as Intercom's 10-second windows are.
   * @default 10_000
   */
  windowMs: number;
}

/** Options of `createFakeIntercom`. */
export interface FakeIntercomOptions {
  /**
   * The access token, or tokens, that `Authorization: Bearer <token>` must carry.
   * @default FAKE_INTERCOM_TOKEN
   */
  token?: string | readonly string[];
  /**
   * The API version used when a request has no `Intercom-Version` header, like the version set on an app.
   * @default "2.14"
   */
  defaultApiVersion?: string;
  /**
   * Fixed-window rate limiting, or `false` for none (no `X-RateLimit-*` headers either).
   * @default { limit: 1666, windowMs: 10_000 } (10,000 a minute, split into 10-second windows like Intercom)
   */
  rateLimit?: FakeRateLimit | false;
  /**
   * The clock, in milliseconds since the epoch. Inject one to roll rate windows and timestamps deterministically.
   * @default () => Date.now(), read on every call, so fake timers installed later (vi.useFakeTimers) drive the fake too
   */
  now?: () => number;
  /**
   * The workspace (app) id: `workspace_id` of 2.x contacts and `app_id` of 1.x leads.
   * @default "ja43hiec"
   */
  workspaceId?: string;
  /**
   * How long, in milliseconds on the `now` clock, a stored contact stays invisible to the lookups that go
   * through Intercom's search index: `POST /contacts/search` (2.x) and the lists, `GET /contacts` (2.x "List all
   * contacts"; 1.x, by email or not).
   * Intercom warns that a new contact may take "a few minutes" to show up there; a client that reconciles an
   * ambiguous create by searching must cope. Direct reads (`GET /contacts/{id}`) and `fake.contacts` see a
   * contact at once, as Intercom's do.
   * @default 0
   */
  searchLagMs?: number;
  /**
   * The custom contact attributes the workspace defines, as Intercom requires: with this option a 2.x create whose
   * `custom_attributes` names any other is refused (400 `parameter_invalid`, "User attribute 'x' does not exist")
   * and nothing is stored. Attributes created through `POST /data_attributes` (model `contact`) are defined too.
   * This strict mode is the realistic one. Without the option the fake is a workspace where every attribute you
   * send exists. API 1.x takes any attribute either way: its document describes no such refusal.
   * @default undefined (every custom attribute is accepted)
   */
  customAttributes?: readonly string[];
}

/** What every stored contact records, whichever API version created it. */
interface StoredContactBase {
  /** The contact's Intercom id, the same as `body.id`. */
  readonly id: string;
  /** The API version of the request that created it (the header, else the fake's default). */
  readonly apiVersion: string;
  /** When it was stored, in milliseconds from the fake's clock. */
  readonly at: number;
}

/** A contact created through API 2.x (or `Unstable`). */
export interface StoredApiContact extends StoredContactBase {
  readonly legacy: false;
  /** Without a `role` Intercom creates a user, and users are not leads. */
  readonly role: "lead" | "user";
  /**
   * Exactly what the create request answered, in its version's shape (`apiVersion`). Reads in another version
   * answer the same contact in theirs: `owner_id` as an integer up to 2.15, as a string from 2.16.
   */
  readonly body: Contact;
}

/** A lead created through the legacy API 1.x. */
export interface StoredLegacyLead extends StoredContactBase {
  readonly legacy: true;
  /** The legacy Leads API only ever creates leads. */
  readonly role: "lead";
  /** Exactly what the create request answered. */
  readonly body: LegacyLead;
}

/** A contact the fake holds. Narrow on `legacy` to get the body's type. */
export type StoredContact = StoredApiContact | StoredLegacyLead;

/** A request the fake received, recorded before any check so rejected ones are there too. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The URL's path, e.g. `/contacts`. */
  readonly path: string;
  /** The full URL. */
  readonly url: string;
  /** Headers with lower-case names; repeated headers are joined with `", "`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** The `Intercom-Version` header, else the fake's default version. */
  readonly apiVersion: string;
  /** When it arrived, in milliseconds from the fake's clock. */
  readonly at: number;
  /**
   * The status the fake answered with (e.g. 200, 429, 502). `undefined` while the answer is pending,
   * and for good when there was none: a dropped connection or an aborted `slow` request.
   */
  readonly status: number | undefined;
}

/**
 * A failure to simulate on the next create request (`POST /contacts`), or, with `route: "search"`, the
 * next lookup. `stored` says whether the lead is stored all the same, which is what decides if a client
 * may safely resend. On the search route nothing is ever stored, so `stored: true` is refused there.
 */
export type FakeFault =
  /** A 429 `rate_limit_exceeded` answer; nothing is stored. */
  | { kind: "rate-limit" }
  /**
   * A JSON `error.list` answer with a 5xx status.
   * `status` defaults to 500. With `stored: true` the request is handled as usual first
   * (a valid lead is stored), and its answer is replaced.
   */
  | { kind: "server-error"; status?: number; stored: boolean }
  /** An HTML 502 page like a load balancer's, not JSON. `stored` defaults to `false`. */
  | { kind: "html-502"; stored?: boolean }
  /**
   * The answer comes `delayMs` late. With `stored` (the default, `true`) the lead is stored when the
   * request arrives; with `false` only once the delay is over, so a client that gives up stores nothing.
   * On the search route the search runs on arrival, or with `stored: false` once the delay is over.
   * Aborting the request's signal stops the wait.
   */
  | { kind: "slow"; delayMs: number; stored?: boolean }
  /**
   * The connection drops without an answer: `fetch` rejects with `TypeError("fetch failed")` whose
   * `cause` is a `FakeConnectionResetError`; `serveFakeIntercom` resets the socket instead.
   */
  | { kind: "drop-connection"; stored: boolean };

/**
 * Which requests a fault waits for. `"create"`: `POST /contacts`. `"search"`: the lookups a client makes
 * to reconcile an ambiguous create, `POST /contacts/search` (2.x) and the lists, `GET /contacts` (2.x and 1.x).
 * Each route has its own queue; `GET /contacts/{id}` never gets a fault.
 */
export type FaultRoute = "create" | "search";

/** Options of `FakeIntercom.inject`. */
export interface InjectOptions {
  /**
   * How many requests of the route in a row get the fault.
   * @default 1
   */
  times?: number;
  /**
   * The requests that get the fault.
   * @default "create"
   */
  route?: FaultRoute;
}

/**
 * The cursor to the next page of a 2.x search or list, to send back as `pagination.starting_after` (search) or
 * `?starting_after=` (list). The descriptions' `starting_after_paging`, with the page's number as Intercom adds it.
 */
export interface FakeSearchNextPage {
  /** The number of the next page. */
  page: number;
  /** The page size the cursor was handed out for. */
  per_page: number;
  /** Opaque: it names the last contact of this page, and the next page starts after it in the same order. */
  starting_after: string;
}

/** `pages` of a 2.x search or list answer (the descriptions' `cursor_pages`). */
export interface FakeSearchPages {
  type: "pages";
  /** Present only when there is a page after this one. */
  next?: FakeSearchNextPage;
  /** This page's number, counted from 1. */
  page: number;
  per_page: number;
  /** `ceil(total_count / per_page)`: `0` when nothing matched. */
  total_pages: number;
}

/**
 * What `POST /contacts/search` and the 2.x `GET /contacts` ("List all contacts") answer: the descriptions'
 * `contact_list`.
 */
export interface FakeContactList {
  type: "list";
  /** This page's contacts, each as the request's API version shapes a contact. */
  data: Contact[];
  /** Every visible contact the query (or the list) matched, across pages. */
  total_count: number;
  pages: FakeSearchPages;
}

/** What the legacy `GET /contacts` answers (API 1.x "List Leads" and "List by Email"). */
export interface FakeLegacyContactList {
  type: "contact.list";
  /** Every visible lead listed, across pages. */
  total_count: number;
  /** This page's leads, newest first, exactly as `POST /contacts` answered each. */
  contacts: LegacyLead[];
  pages: {
    type: "pages";
    /** The URL of the next page, or `null` on the last one. */
    next: string | null;
    page: number;
    per_page: number;
    /** `ceil(total_count / per_page)`: `0` when nothing matched. */
    total_pages: number;
  };
}

/** An in-memory Intercom that creates, serves and searches contacts through a standard `fetch` handler. */
export interface FakeIntercom {
  /**
   * Answers a request the way Intercom would. Takes what `fetch` takes, so it can be injected as a
   * client's `fetch`, or be a Worker's or `Deno.serve`'s handler; in MSW, mount it with `toMswResolver(fake)`.
   * Rejects only for the `drop-connection` fault and, like `fetch`, when the request's signal aborts a `slow` fault.
   */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /** Every stored contact, in creation order. A snapshot: later requests do not change it. */
  readonly contacts: readonly StoredContact[];
  /** The stored leads only: role `lead` (2.x) and every legacy lead (1.x). */
  readonly leads: readonly StoredContact[];
  /**
   * The workspace's custom data attributes, oldest first: those of the `customAttributes` option, then those
   * created through `POST /data_attributes` (any model). A snapshot.
   */
  readonly dataAttributes: readonly StoredDataAttribute[];
  /** Every request received, in order, including rejected ones. A snapshot. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Queues `fault` for the next `times` requests of `route` (create requests unless told otherwise) that pass
   * the rate limit, token, `Accept` and version checks. Faults queue per route, in the order injected.
   */
  inject(fault: FakeFault, options?: InjectOptions): void;
  /**
   * Forgets contacts, requests, queued faults, rate windows and the data attributes requests created (those of
   * the `customAttributes` option stay).
   */
  reset(): void;
}
