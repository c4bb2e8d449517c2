// The fake Intercom on 127.0.0.1 with faults sprinkled through the creates, deterministically by their order,
// and one kind of input that Intercom never stores (`down-` emails: a 503 every time).
import { createFakeIntercom, type FakeFault, type FakeIntercom } from "@intercom-leads/testing";
import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";

/** The fault the n-th create (from 1) gets, if any; stored faults store the lead and then fail the answer. */
export function faultFor(n: number): FakeFault | undefined {
  if (n % 41 === 0) return { kind: "drop-connection", stored: true };
  if (n % 43 === 0) return { kind: "server-error", stored: true };
  if (n % 47 === 0) return { kind: "server-error", status: 502, stored: false };
  if (n % 53 === 0) return { kind: "drop-connection", stored: false };
  if (n % 31 === 0) return { kind: "slow", delayMs: 150 };
  if (n % 97 === 0) return { kind: "rate-limit" };
  return undefined;
}

/** The fake, its server, and which emails' creates got which fault. */
export interface FaultyIntercom {
  readonly fake: FakeIntercom;
  readonly server: FakeIntercomServer;
  /** Every fault injected, with the email of the create that got it. */
  readonly injected: { email: string; fault: FakeFault }[];
  /** Creates answered 503 without storing (the `down-` inputs). */
  downAnswers: number;
}

const unavailable = () =>
  Response.json(
    {
      type: "error.list",
      request_id: "down",
      errors: [{ code: "service_unavailable", message: "Service Unavailable" }],
    },
    { status: 503 },
  );

/** Serves a fake with a generous window: this is about delivery, not pacing. */
export async function serveFaultyIntercom(): Promise<FaultyIntercom> {
  const fake = createFakeIntercom({ rateLimit: { limit: 5_000, windowMs: 1_000 } });
  let creates = 0;
  const state: Omit<FaultyIntercom, "server"> = { fake, injected: [], downAnswers: 0 };
  const server = await serveFakeIntercom(async (request) => {
    if (request.method === "POST" && new URL(request.url).pathname === "/contacts") {
      const { email } = (await request.clone().json()) as { email?: string };
      if (email?.startsWith("down-")) {
        state.downAnswers++;
        return unavailable();
      }
      const fault = faultFor(++creates);
      if (fault) {
        fake.inject(fault);
        state.injected.push({ email: email ?? "", fault });
      }
    }
    return fake.fetch(request);
  });
  return Object.assign(state, { server });
}
