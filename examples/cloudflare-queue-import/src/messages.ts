import type { DeadLetterMessage, LeadMessage } from "./env.ts";

const IMPORT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether `id` can name an import (it names its progress object and appears in URLs). */
export function isImportId(id: string): boolean {
  return IMPORT_ID.test(id);
}

/** The message as a `LeadMessage`, or `undefined` when it is not one (another producer's, or mangled). */
export function asLeadMessage(body: unknown): LeadMessage | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { importId, ref, mayExist } = body as Partial<LeadMessage>;
  if (typeof importId !== "string" || !isImportId(importId) || typeof ref !== "string" || ref === "") return undefined;
  if (mayExist !== undefined && mayExist !== true && !Number.isSafeInteger(mayExist)) return undefined;
  return body as LeadMessage;
}

/** Whether a dead letter was sent by this Worker (failed for good) rather than moved by Queues after its retries. */
export function isOwnDeadLetter(body: LeadMessage): body is DeadLetterMessage {
  const { reason } = body as Partial<DeadLetterMessage>;
  return reason === "invalid" || reason === "refused";
}
