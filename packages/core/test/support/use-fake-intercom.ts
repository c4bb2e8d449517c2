import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeIntercom,
  type FakeIntercomOptions,
} from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterEach, beforeEach } from "vitest";

/** A fake Intercom served over real HTTP on 127.0.0.1, fresh for every test. */
export interface ServedFake {
  fake: FakeIntercom;
  url: string;
  token: string;
}

/** Starts a fresh fake Intercom on a loopback port before each test and stops it after. */
export function useFakeIntercom(options?: FakeIntercomOptions): ServedFake {
  const served = { token: FAKE_INTERCOM_TOKEN } as ServedFake;
  let server: FakeIntercomServer | undefined;
  beforeEach(async () => {
    served.fake = createFakeIntercom(options);
    server = await serveFakeIntercom(served.fake);
    served.url = server.url;
  });
  afterEach(async () => {
    await server?.close();
  });
  return served;
}
