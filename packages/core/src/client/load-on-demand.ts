import { IntercomError } from "../errors/intercom-error.ts";

/**
 * Awaits code loaded with `import()`, a failure to load it (a chunk left out of a deployment,
 * a service worker, where `import()` is not allowed) becoming an `IntercomError` that names
 * what could not load: it happens before anything is sent.
 */
export async function loadOnDemand<T>(module: Promise<T>, what: string): Promise<T> {
  try {
    return await module;
  } catch (cause) {
    throw new IntercomError(`Could not load the code for ${what}; nothing was sent`, { cause });
  }
}
