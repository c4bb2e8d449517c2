import { isIntercomApiError, isIntercomError, isLeadValidationError } from "../errors/type-guards.ts";
import type { LeadHandlerEvent } from "./events.ts";

/** Events without their timing, which the handler adds. */
export type PendingEvent = LeadHandlerEvent extends infer E
  ? E extends LeadHandlerEvent
    ? Omit<E, "ms">
    : never
  : never;

/** The event for a request that ended in `error`, answered with `status`. */
export function eventForError(error: unknown, status: number): PendingEvent {
  if (isLeadValidationError(error)) return { type: "refused", reason: "validation", status };
  if (!isIntercomError(error)) return { type: "internal_error", status };
  const api = isIntercomApiError(error);
  return {
    type: "upstream_error",
    status,
    ...(api && { upstreamStatus: error.status }),
    code: (api && error.code) || error.name,
    maybeCreated: error.maybeCreated,
  };
}
