/**
 * `@intercom-leads/testing/node`: the fake Intercom over real HTTP, for clients whose transport (sockets,
 * keep-alive, resets, aborts) is under test, and for tests and benchmarks that reach it from another process,
 * runtime or browser page. Node only, hence its own entry.
 * @module
 */

// The handler type `serveFakeIntercom` takes is core's, re-exported so a test needs one import.
export type { FetchHandler } from "@intercom-leads/core";
export { createControlRoutes, FAKE_CONTROL_PREFIX } from "./control/control-routes.ts";
export type {
  FakeBackendRoute,
  FakeBackendRoutes,
  FakeControlInjection,
  FakeControlRequest,
  FakeControlState,
  FakeControlTarget,
} from "./control/types.ts";
export type {
  FakeBackend,
  FakeBackendProxyOptions,
  ProxiedFakeBackend,
  ServeFakeBackendOptions,
} from "./node/fake-backend-types.ts";
export { serveFakeBackend } from "./node/serve-fake-backend.ts";
export {
  type FakeIntercomServer,
  type ServeFakeIntercomOptions,
  serveFakeIntercom,
} from "./node/serve-fake-intercom.ts";
export {
  type SettledWithFakeTime,
  type SettleWithFakeTimeOptions,
  settleWithFakeTime,
} from "./node/settle-with-fake-time.ts";
