// Keyed by client, so two workspaces never share a pending create.
const pending = new WeakMap<object, Map<string, Promise<unknown>>>();

/** A stable text for equal inputs: key order does not matter, values do. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_, field: unknown) =>
    field && typeof field === "object" && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
}

/**
 * Runs `create` unless an equal input is already being created by the same
 * client, in which case it joins that call: a double-clicked form sends one
 * request and stores one lead.
 */
export function createOnce<T>(client: object, input: unknown, create: () => Promise<T>): Promise<T> {
  let forClient = pending.get(client);
  if (!forClient) pending.set(client, (forClient = new Map()));
  let key: string;
  try {
    key = stableKey(input);
  } catch {
    // Inputs JSON cannot express are refused by the client anyway; nothing to share.
    return create();
  }
  const running = forClient.get(key);
  if (running) return running as Promise<T>;
  const call = create().finally(() => forClient.delete(key));
  forClient.set(key, call);
  return call;
}
