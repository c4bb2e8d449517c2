import type { LeadValidationIssue } from "@intercom-leads/core";

/** An error as the rejects file records it. */
export interface RejectedError {
  /** The error class, e.g. `LeadValidationError`, `IntercomApiError`, `RowError`. */
  readonly name: string;
  /** A machine-readable code when the error has one, e.g. Intercom's `parameter_invalid`. */
  readonly code?: string;
  /** What went wrong, for people. Never holds the token (core's errors keep it out). */
  readonly message: string;
  /** Every problem with the row, for validation errors. */
  readonly issues?: readonly LeadValidationIssue[];
}

/** Reduces any error to the fields the rejects file keeps. */
export function describeError(error: unknown): RejectedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, issues } = error as { code?: unknown; issues?: unknown };
  return {
    name: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message: error.message,
    ...(Array.isArray(issues) ? { issues: issues as LeadValidationIssue[] } : {}),
  };
}
