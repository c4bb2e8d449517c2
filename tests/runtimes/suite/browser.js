// Entry for Chromium: the harness serves it (bundled by esbuild) on the fake's own origin, so the
// client reaches the fake without CORS. The token comes in the page's query string; this is a test page.
import { runSuite, runtimeInfo } from "./suite.js";

const token = new URLSearchParams(location.search).get("token") ?? "";
const done = (/** @type {unknown} */ report) => {
  /** @type {any} */ (window).__runtimeSuiteReport = report;
};
runSuite({ fakeUrl: location.origin, token }).then(
  (results) => done({ runtime: runtimeInfo(), results }),
  (error) => done({ runtime: runtimeInfo(), error: String(error?.stack ?? error) }),
);
