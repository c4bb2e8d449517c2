// Types of multi-isolate.js, which stays JavaScript so `pnpm bench` can run it too.

/** One client Worker's answer to `/import`. */
export interface ImportOutcome {
  readonly created: number;
  readonly failed: readonly { readonly email: string; readonly error: string }[];
  readonly events: readonly string[];
  readonly ms: number;
}

/** Running client Workers, each its own isolate, bound to one governor namespace. */
export interface Isolates {
  readonly names: readonly string[];
  /** POSTs `body` as JSON to `path` of the client Worker `name` and answers the parsed JSON. */
  post<T = unknown>(name: string, path: string, body: unknown): Promise<T>;
  dispose(): Promise<void>;
}

/** What the fake saw, window by window. */
export interface WindowFigures {
  readonly sent: number;
  readonly tooMany: number;
  readonly overruns: number;
  readonly perWindow: readonly number[];
  readonly fullWindowUse: readonly number[];
  readonly minUse: number;
  readonly meanUse: number;
}

/** One run's figures. */
export interface IsolatesRun extends WindowFigures {
  readonly inputs: number;
  readonly created: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly failed: number;
  readonly events: readonly string[];
  readonly ms: number;
}

export function bundle(name: string): Promise<string>;
export function startIsolates(options: { clients: number; className?: string }): Promise<Isolates>;
export function windowFigures(
  requests: readonly { method: string; path: string; at: number; status: number | undefined }[],
  window: { limit: number; windowMs: number },
): WindowFigures;
export function runIsolates(options: {
  isolates: number;
  perIsolate: number;
  concurrency: number;
  limit: number;
  windowMs: number;
  shared: boolean;
}): Promise<IsolatesRun>;
