import type { FakeFault, FakeIntercom, FaultRoute, RecordedRequest } from "../types.ts";

/**
 * A route of a test server: answers the requests for its path itself, before the fake sees them (so they
 * count in no rate window and no request log). It checks the method itself.
 */
export type FakeBackendRoute = (request: Request) => Response | Promise<Response>;

/**
 * Routes by path. A key is a path (`"/favicon.ico"`), or, when it ends in `/`, a prefix answering every path
 * below it (`"/assets/"`). A path's own key wins over a prefix; of two prefixes, the longer wins.
 */
export type FakeBackendRoutes = Readonly<Record<string, FakeBackendRoute>>;

/**
 * What the control routes read and drive. A `FakeIntercom` is one; a stand-in with the same inspection surface
 * (such as a canned server that only counts) can be another.
 */
export interface FakeControlTarget {
  /** The stored leads; the state route reports how many. */
  readonly leads: readonly unknown[];
  /** Every request received, in order; the state route reports these fields of each. */
  readonly requests: readonly Pick<RecordedRequest, "at" | "method" | "path" | "status">[];
  /** Queues a fault, or throws a `RangeError` for one that could only be a mistake. */
  inject: FakeIntercom["inject"];
  /** Forgets leads, requests, queued faults and rate windows. */
  reset(): void;
}

/** The body of `POST /__control/inject`: `fake.inject(fault, { times, route })` from another process. */
export interface FakeControlInjection {
  /** The fault to queue, e.g. `{ "kind": "server-error", "stored": true }`. */
  fault: FakeFault;
  /**
   * How many requests of the route in a row get it.
   * @default 1
   */
  times?: number;
  /**
   * Which requests get it: creates, or the lookups that reconcile them.
   * @default "create"
   */
  route?: FaultRoute;
}

/** One request as `GET /__control/state` reports it. */
export interface FakeControlRequest {
  /** When it arrived, in milliseconds from the fake's clock. */
  at: number;
  /** Upper-case HTTP method. */
  method: string;
  /** The URL's path, e.g. `/contacts`. */
  path: string;
  /** The answer's status; `null` while pending, and for good when there was none (a dropped connection, an abort). */
  status: number | null;
}

/** What `GET /__control/state` answers: what the fake stored and answered since the last reset. */
export interface FakeControlState {
  /** How many leads the fake holds. */
  leads: number;
  /** Each request's answer status, in arrival order: `requests`' statuses, to compare in one go. */
  statuses: (number | null)[];
  /** Every request, in arrival order. */
  requests: FakeControlRequest[];
}
