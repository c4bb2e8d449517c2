import { invalidResponseError } from "../errors/error-from-response.ts";

/** The answer must be a contact; anything else (an error list with a 200, `null`) is not a lead to hand out. */
export function asLead<T>(body: unknown, created: boolean): T {
  const { type, id } = (body ?? {}) as { type?: unknown; id?: unknown };
  if (type !== "contact" || typeof id !== "string") throw invalidResponseError(200, created);
  return body as T;
}
