/** Drops the keys whose value is `undefined`, so that spreading the options cannot erase a default. */
export function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
