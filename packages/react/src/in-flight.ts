interface Entry {
  readonly call: Promise<unknown>;
  /**
   * When the call succeeded (ms); `Infinity` while pending and `-Infinity` after a failure, so the
   * window arithmetic alone keeps the one and drops the other.
   */
  doneAt: number;
}

/** What one QueryClient and one Intercom client share: their creates, and the keys given to plain inputs. */
export interface CreateScope {
  /** Creates by input hash, pending or recently succeeded. */
  readonly calls: Map<string, Entry>;
  /** The idempotency key of each plain input (by its variables object) until its create succeeds. */
  readonly plainKeys: WeakMap<object, string>;
}

// Per QueryClient, then per Intercom client: two caches or two workspaces never share a lead.
// Weak on both, so a dropped QueryClient or client takes its entries with it.
const scopes = new WeakMap<object, WeakMap<object, CreateScope>>();

/** The scope of `queryClient` and `client`, made on first use. */
export function scopeOf(queryClient: object, client: object): CreateScope {
  let byClient = scopes.get(queryClient);
  if (!byClient) {
    byClient = new WeakMap();
    scopes.set(queryClient, byClient);
  }
  let scope = byClient.get(client);
  if (!scope) {
    scope = { calls: new Map(), plainKeys: new WeakMap() };
    byClient.set(client, scope);
  }
  return scope;
}

/**
 * Runs `create` unless an equal input (same `key`) is already being created in this scope, or was
 * created there less than `windowMs` ago: then it hands out that call's promise, so a
 * double-clicked form sends one request and stores one lead. Failures are forgotten, so the next
 * submit sends again.
 */
export function createOnce<T>(
  { calls }: CreateScope,
  key: string,
  windowMs: number,
  create: () => Promise<T>,
): Promise<T> {
  const now = Date.now();
  // Sweeping before the lookup both expires this key and keeps the map down to recent creates,
  // without a timer that would keep a Node process alive.
  for (const [other, entry] of calls) if (now - entry.doneAt >= windowMs) calls.delete(other);
  let entry = calls.get(key);
  if (!entry) {
    const call = create();
    const added: Entry = { call, doneAt: Infinity };
    entry = added;
    calls.set(key, added);
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
