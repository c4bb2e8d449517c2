import type { ApiVersion, IntercomRegion } from "@intercom-leads/core";
import type { ImportFormat } from "../source/format.ts";
import type { ImportProgress } from "../types.ts";

/** `ImportOptions` with every default filled in and checked. */
export interface ImportSettings {
  readonly file: string;
  readonly format: ImportFormat;
  readonly token: string | undefined;
  readonly region: IntercomRegion | undefined;
  readonly apiVersion: ApiVersion | undefined;
  readonly baseUrl: string | undefined;
  readonly concurrency: number;
  readonly rejectsPath: string;
  readonly journalPath: string;
  readonly skipDuplicateEmails: boolean;
  readonly reconcileWaitMs: number | undefined;
  /** The queue endpoint and its secret, when rows go to a queue importer. */
  readonly queue: { readonly url: string; readonly secret: string } | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: ImportProgress) => void) | undefined;
}
