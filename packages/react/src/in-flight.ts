interface Entry {
  readonly call: Promise<unknown>;
  /** When the call succeeded (ms); `undefined` while it is pending. */
  doneAt?: number;
}

// Per QueryClient, then per Intercom client: two caches or two workspaces never share a lead.
// Weak on both, so a dropped QueryClient or client takes its entries with it.
const calls = new WeakMap<object, WeakMap<object, Map<string, Entry>>>();

/** A stable text for equal inputs: key order does not matter, values do. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_, field: unknown) =>
    field && typeof field === "object" && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
}

function entriesFor(queryClient: object, client: object): Map<string, Entry> {
  let byClient = calls.get(queryClient);
  if (!byClient) calls.set(queryClient, (byClient = new WeakMap()));
  let entries = byClient.get(client);
  if (!entries) byClient.set(client, (entries = new Map()));
  return entries;
}

/** Where a create is shared: one QueryClient, one Intercom client, one input. */
export interface CreateOnceScope {
  readonly queryClient: object;
  readonly client: object;
  /** The input's `stableKey`. */
  readonly key: string;
  /** How long a success is handed to equal inputs after it settled, in ms; 0 for not at all. */
  readonly windowMs: number;
}

/**
 * Runs `create` unless an equal input is already being created in the same
 * scope, or was created there less than `windowMs` ago: then it hands out that
 * call's promise, so a double-clicked form sends one request and stores one
 * lead. Failures are forgotten at once, so the next submit sends again.
 */
export function createOnce<T>({ queryClient, client, key, windowMs }: CreateOnceScope, create: () => Promise<T>): Promise<T> {
  const entries = entriesFor(queryClient, client);
  const now = Date.now();
  // Sweep what has aged out, so the map only ever holds recent creates.
  for (const [other, entry] of entries) {
    if (entry.doneAt !== undefined && now - entry.doneAt >= windowMs) entries.delete(other);
  }
  const running = entries.get(key);
  if (running) return running.call as Promise<T>;
  const call = create();
  const entry: Entry = { call };
  entries.set(key, entry);
  const forget = () => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  call.then(
    () => {
      if (windowMs > 0) entry.doneAt = Date.now();
      else forget();
    },
    forget,
  );
  return call;
}
