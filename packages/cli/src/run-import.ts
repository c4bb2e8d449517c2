import { isIntercomError, leadFieldsFor } from "@intercom-leads/core";
import { ImportUsageError } from "./errors.ts";
import { dryRun } from "./import/dry-run.ts";
import { importRows } from "./import/import-rows.ts";
import { queueRows } from "./import/queue-rows.ts";
import type { ImportSettings } from "./import/settings.ts";
import { isLoopback } from "./net/post-batch.ts";
import { resolveFormat } from "./source/format.ts";
import type { ImportOptions, ImportReport } from "./types.ts";

const MAX_CONCURRENCY = 64;

function queueOf(options: ImportOptions): ImportSettings["queue"] {
  const { queueUrl, queueSecret } = options;
  if (queueUrl === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(queueUrl);
  } catch {
    // Reported below.
  }
  if (url?.protocol !== "https:" && !(url?.protocol === "http:" && isLoopback(url.hostname)))
    throw new ImportUsageError(
      "The queue URL must be an https:// URL (or http:// to localhost), e.g. https://importer.example.workers.dev/imports/spring/leads",
    );
  if (!queueSecret)
    throw new ImportUsageError("The queue endpoint's secret is needed: pass --queue-secret or set IMPORT_SECRET");
  return { url: url.href, secret: queueSecret };
}

function settingsOf(options: ImportOptions): ImportSettings {
  const { file } = options;
  if (typeof file !== "string" || file === "") throw new ImportUsageError("Name the file to import");
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ImportUsageError(`The concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  const { reconcileWaitMs } = options;
  if (reconcileWaitMs !== undefined && !(Number.isSafeInteger(reconcileWaitMs) && reconcileWaitMs >= 0)) {
    throw new ImportUsageError("The reconcile wait must be a whole number of milliseconds, 0 or more");
  }
  if (options.apiVersion !== undefined) {
    try {
      leadFieldsFor(options.apiVersion);
    } catch (error) {
      // A dry run builds no client, so this is where a version that is no version is caught for it too.
      throw new ImportUsageError(isIntercomError(error) ? error.message : String(error));
    }
  }
  const queue = queueOf(options);
  if (!options.dryRun && !queue && !options.token) {
    throw new ImportUsageError(
      "An Intercom access token is needed: pass --token or set INTERCOM_TOKEN (a dry run needs none)",
    );
  }
  return {
    file,
    format: resolveFormat(file, options.format),
    token: options.token,
    region: options.region,
    apiVersion: options.apiVersion,
    baseUrl: options.baseUrl,
    concurrency,
    rejectsPath: options.rejectsPath ?? `${file}.rejects.ndjson`,
    journalPath: `${file}.journal`,
    skipDuplicateEmails: options.skipDuplicateEmails ?? false,
    reconcileWaitMs,
    queue,
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

/**
 * Imports a CSV or NDJSON file of leads into Intercom, as `intercom-leads import` does, and reports
 * what this run did. Resumable: a journal next to the file (`<file>.journal`) records every row, so
 * running it again after any crash, even `kill -9`, creates no lead twice and skips no row; once
 * every row is done, running it again does nothing. Rows that fail go to the rejects file.
 *
 * Throws `ImportUsageError` when the import cannot start as asked (nothing was sent); every other
 * outcome, failed rows included, is in the report.
 *
 * @example
 * const report = await runImport({ file: "leads.csv", token: process.env.INTERCOM_TOKEN });
 * console.log(report.created, report.failed, report.complete);
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const settings = settingsOf(options);
  if (options.dryRun) return dryRun(settings, options.rejectsPath === undefined);
  return settings.queue ? queueRows(settings, settings.queue) : importRows(settings);
}
