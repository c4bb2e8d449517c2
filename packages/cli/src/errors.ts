/**
 * The import cannot start as asked: a bad option, a missing token, a file that is not there, CSV
 * columns that are not Intercom fields. Nothing was sent. The command exits with code 2.
 */
export class ImportUsageError extends Error {
  override name: string = "ImportUsageError";
}

/** Why a row could not be read or sent, as it appears in the rejects file. */
export type RowErrorCode = "invalid_json" | "column_count" | "maybe_created";

/**
 * A row the command itself refused: a line that is not JSON, a CSV record with the wrong number of
 * cells, or a row an interrupted run may have created but that cannot be looked up (no email).
 */
export class RowError extends Error {
  override name: string = "RowError";
  /** Machine-readable reason, also written to the rejects file. */
  readonly code: RowErrorCode;

  /**
   * @param code Machine-readable reason.
   * @param message What went wrong, for people.
   */
  constructor(code: RowErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
