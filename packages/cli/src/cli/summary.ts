import type { ImportReport } from "../types.ts";
import { formatCount, formatDuration, formatRate } from "./format.ts";

function rejectsLine(report: ImportReport): string {
  const { rows, path } = report.rejects;
  return rows === 0 ? "rejects: none" : `rejects: ${formatCount(rows)} ${rows === 1 ? "row" : "rows"} in ${path}`;
}

function skippedLine(report: ImportReport): string {
  const { skipped, blank } = report;
  const duplicates = skipped - blank;
  const parts = [
    ...(blank > 0 ? [`${formatCount(blank)} blank`] : []),
    ...(blank > 0 && duplicates > 0
      ? [`${formatCount(duplicates)} duplicate email${duplicates === 1 ? "" : "s"}`]
      : []),
  ];
  return `skipped: ${formatCount(skipped)}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

/** The first rejects, one line each, so a dry run shows what is wrong without opening the file. */
function rejectSamples(report: ImportReport): string[] {
  const { first, rows } = report.rejects;
  const lines = first.map(({ row, error }) => `  row ${row}: ${error.message.replace(/\s+/g, " ")}`);
  if (rows > first.length && first.length > 0)
    lines.push(`  … and ${formatCount(rows - first.length)} more in the file`);
  return lines;
}

function dryRunSummary(report: ImportReport): string[] {
  const checked = report.valid + report.failed + report.skipped;
  return [
    "dry run: nothing was sent",
    `valid: ${formatCount(report.valid)}`,
    `invalid: ${formatCount(report.failed)}`,
    skippedLine(report),
    `elapsed: ${formatDuration(report.elapsedMs)}`,
    `rate: ${formatRate(checked, report.elapsedMs)} rows/s`,
    rejectsLine(report),
    ...rejectSamples(report),
  ];
}

function journalLine(report: ImportReport): string {
  if (report.journalPath === undefined) return "journal: none written (nothing was sent)";
  if (report.complete) {
    return `journal: ${report.journalPath} is kept: every row is done, so running this command again sends nothing (delete the journal to import the file again)`;
  }
  return `journal: ${report.journalPath}: run the same command again to resume`;
}

function importSummary(report: ImportReport): string[] {
  const earlier = report.alreadyDone;
  const done = earlier.created + earlier.failed + earlier.skipped;
  const lines = [
    report.queued === undefined
      ? `created: ${formatCount(report.created)}${report.reconciled > 0 ? ` (${formatCount(report.reconciled)} found already stored by an interrupted run, not sent again)` : ""}`
      : `queued: ${formatCount(report.queued)} (the queue importer creates them; GET the import's URL for its progress)`,
    `failed: ${formatCount(report.failed)}`,
    skippedLine(report),
    `already done: ${formatCount(done)}${done > 0 ? ` (by earlier runs: ${formatCount(earlier.created)} created, ${formatCount(earlier.failed)} failed, ${formatCount(earlier.skipped)} skipped)` : ""}`,
  ];
  if (report.unfinished > 0) lines.push(`unfinished: ${formatCount(report.unfinished)} (left for the next run)`);
  if (report.stopped) lines.push(`stopped: ${report.stopped.message}`);
  lines.push(
    `elapsed: ${formatDuration(report.elapsedMs)}`,
    `rate: ${formatRate(report.queued ?? report.created, report.elapsedMs)} leads/s`,
    rejectsLine(report),
    journalLine(report),
  );
  return lines;
}

/** The end-of-run summary printed on stdout: one `key: value` line per figure, easy to read and to grep. */
export function formatSummary(report: ImportReport): string {
  return `${(report.dryRun ? dryRunSummary(report) : importSummary(report)).join("\n")}\n`;
}
