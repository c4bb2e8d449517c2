interface Entry {
  readonly call: Promise<unknown>;
  /**
   * When the call succeeded (ms); `Infinity` while pending and `-Infinity` after a failure, so the
   * window arithmetic alone keeps the one and drops the other.
   */
  doneAt: number;
}

// Per QueryClient, then per Intercom client: two caches or two workspaces never share a lead.
// Weak on both, so a dropped QueryClient or client takes its entries with it.
const calls = new WeakMap<object, WeakMap<object, Map<string, Entry>>>();

/**
 * Runs `create` unless an equal input (same `key`) is already being created for the same
 * QueryClient and Intercom client, or was created there less than `windowMs` ago: then it hands
 * out that call's promise, so a double-clicked form sends one request and stores one lead.
 * Failures are forgotten, so the next submit sends again.
 */
export function createOnce<T>(
  queryClient: object,
  client: object,
  key: string,
  windowMs: number,
  create: () => Promise<T>,
): Promise<T> {
  let byClient = calls.get(queryClient);
  if (!byClient) {
    byClient = new WeakMap();
    calls.set(queryClient, byClient);
  }
  let entries = byClient.get(client);
  if (!entries) {
    entries = new Map();
    byClient.set(client, entries);
  }
  const now = Date.now();
  // Sweeping before the lookup both expires this key and keeps the map down to recent creates,
  // without a timer that would keep a Node process alive.
  for (const [other, entry] of entries) if (now - entry.doneAt >= windowMs) entries.delete(other);
  let entry = entries.get(key);
  if (!entry) {
    const call = create();
    const added: Entry = { call, doneAt: Infinity };
    entry = added;
    entries.set(key, added);
    call.then(
      () => {
        added.doneAt = Date.now();
      },
      () => {
        added.doneAt = -Infinity;
      },
    );
  }
  return entry.call as Promise<T>;
}
