import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeIntercom,
  type FakeIntercomOptions,
} from "@intercom-leads/testing";
import { beforeEach } from "vitest";
import {
  type ApiVersion,
  createIntercom,
  type DefaultApiVersion,
  type IntercomClient,
  type IntercomOptions,
} from "../../src/index.ts";

/** A base URL no request ever leaves for: every client here sends through the fake's `fetch`. */
export const IN_PROCESS_BASE_URL = "https://intercom.fake";

/** A fake Intercom reached without sockets, fresh for every test, and a maker of clients that talk to it. */
export interface InProcessIntercom {
  fake: FakeIntercom;
  /** A client with the fake's token whose `fetch` is the fake; `options` add to or override that. */
  client<const V extends ApiVersion = DefaultApiVersion>(
    options?: IntercomOptions & { apiVersion?: V },
  ): IntercomClient<V>;
}

/**
 * Creates a fresh fake before each test. Nothing here reads the clock up front (the fake reads
 * `Date.now()` on every request), so fake timers installed before or after drive it all.
 */
export function useInProcessIntercom(options?: FakeIntercomOptions): InProcessIntercom {
  const served = {
    client: (clientOptions) =>
      createIntercom({
        token: FAKE_INTERCOM_TOKEN,
        baseUrl: IN_PROCESS_BASE_URL,
        fetch: (request) => served.fake.fetch(request),
        ...clientOptions,
      }),
  } as InProcessIntercom;
  beforeEach(() => {
    served.fake = createFakeIntercom(options);
  });
  return served;
}
