import { expect } from "vitest";
import { CASE_NAMES } from "../suite/suite.js";

export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export interface SuiteReport {
  readonly runtime: { readonly name: string; readonly version: string };
  readonly results: readonly CaseResult[];
}

/**
 * Asserts that the suite ran inside the expected runtime, ran exactly the expected cases, and that
 * every case passed; prints one line per runtime for the matrix.
 */
export function expectSuitePassed(
  report: SuiteReport,
  runtime: { name: string; version?: RegExp },
  label: string,
): void {
  expect(report.runtime.name, `the suite ran in ${JSON.stringify(report.runtime)}`).toBe(runtime.name);
  if (runtime.version) expect(report.runtime.version).toMatch(runtime.version);
  expect(report.results.map((result) => result.name)).toEqual([...CASE_NAMES]);
  const total = report.results.reduce((sum, result) => sum + result.ms, 0);
  const passed = report.results.filter((result) => result.ok).length;
  const lines = report.results.map(
    (result) => `  ${result.ok ? "ok  " : "FAIL"} ${result.name} (${result.ms} ms): ${result.detail}`,
  );
  console.log(
    `[runtimes] ${label} (${report.runtime.name} ${report.runtime.version}): ${passed}/${report.results.length} cases ok, suite ${total} ms\n${lines.join("\n")}`,
  );
  // Failing cases with their details, so the diff says what went wrong where.
  expect(report.results.filter((result) => !result.ok)).toEqual([]);
  expect(report.results.every((result) => result.ok)).toBe(true);
}
