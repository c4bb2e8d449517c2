/**
 * `@intercom-leads/testing`: an in-memory Intercom for tests. Web APIs only, so it runs
 * wherever the client does; the Node HTTP servers live in `@intercom-leads/testing/node`.
 * @module
 */
export { FAKE_INTERCOM_TOKEN } from "./constants.ts";
export type {
  FakeDataAttribute,
  FakeDataAttributeList,
  FakeDataAttributeModel,
  FakeDataAttributeType,
  StoredDataAttribute,
} from "./data-attributes/types.ts";
export { createFakeIntercom } from "./fake-intercom.ts";
export { FakeConnectionResetError } from "./faults.ts";
export {
  IDEMPOTENCY_CONTRACT_CHECKS,
  type IdempotencyContractOptions,
  type IdempotencyContractResult,
  idempotencyStoreContract,
} from "./idempotency-contract.ts";
export { type FakeMswResolver, toMswResolver } from "./msw.ts";
export type {
  FakeContactList,
  FakeFault,
  FakeIntercom,
  FakeIntercomOptions,
  FakeLegacyContactList,
  FakeRateLimit,
  FakeSearchNextPage,
  FakeSearchPages,
  FaultRoute,
  InjectOptions,
  RecordedRequest,
  StoredApiContact,
  StoredContact,
  StoredLegacyLead,
} from "./types.ts";
