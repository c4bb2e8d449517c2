// A fake Intercom on a clock the test holds, spoken to in one API version at a time.
import {
  createFakeIntercom,
  FAKE_INTERCOM_TOKEN,
  type FakeIntercom,
  type FakeIntercomOptions,
} from "../../src/index.ts";

/** Where the tests say the fake is: it answers whatever origin it is asked at. */
export const ORIGIN = "https://api.intercom.test";
/** The fake's clock until a test moves it: 2023-11-14T22:13:20.500Z. */
export const T0 = 1_700_000_000_500;

/** A described version's minor number, `2.14` → 14; Preview sorts after every numbered one. */
export function minorOf(version: string): number {
  return version === "Preview" ? Number.POSITIVE_INFINITY : Number(version.split(".")[1]);
}

/** A fake with no rate limit on a clock that moves only when the test sets `clock.now`, and `send` to it. */
export function fakeAt(options: FakeIntercomOptions = {}): {
  fake: FakeIntercom;
  clock: { now: number };
  send: (method: string, path: string, version: string, body?: unknown) => Promise<Response>;
} {
  const clock = { now: T0 };
  const fake = createFakeIntercom({ now: () => clock.now, rateLimit: false, ...options });
  const send = (method: string, path: string, version: string, body?: unknown): Promise<Response> =>
    fake.fetch(
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${FAKE_INTERCOM_TOKEN}`,
          accept: "application/json",
          "content-type": "application/json",
          "intercom-version": version,
        },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
  return { fake, clock, send };
}
