// One copy of Intercom's spec fixtures and their validators serves both packages: they stay with core's
// conformance tests (packages/core/test/fixtures, with their licence and extraction script), and the fake's
// tests check its answers against the same schemas.
export * from "../../../core/test/support/spec-validators.ts";
