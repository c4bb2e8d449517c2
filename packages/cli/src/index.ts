/**
 * `@intercom-leads/cli`: the `intercom-leads` command, and `runImport`, what its `import`
 * subcommand does, for use from code.
 * @module
 */

export { ImportUsageError, RowError, type RowErrorCode } from "./errors.ts";
export type { RejectedError } from "./import/describe-error.ts";
export { runImport } from "./run-import.ts";
export type {
  EarlierRuns,
  ImportFormat,
  ImportOptions,
  ImportProgress,
  ImportReport,
  ImportStop,
  RejectedRow,
} from "./types.ts";
