/**
 * `load()` run once, on the first call, and its promise shared by every later call; a load that
 * fails is forgotten, so the next call tries again (a module that could not be fetched once may be later).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}
