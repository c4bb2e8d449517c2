import { describe, expect, it } from "vitest";
import { RateGovernor } from "../src/governor/index.ts";
import { type Governor, IntercomAbortError } from "../src/index.ts";
import { drive, useFakeTime } from "./support/fake-time.ts";
import { useInProcessIntercom } from "./support/use-in-process-intercom.ts";

/** A governor that lets every call go at once and writes down what it was asked and told. */
function recordingGovernor() {
  const log: string[] = [];
  const governor: Governor = {
    acquire(_signal, maybeCreated) {
      log.push(`acquire maybeCreated=${maybeCreated}`);
      return undefined;
    },
    release(response) {
      log.push(`release ${response ? response.status : "none"}`);
    },
  };
  return { governor, log };
}

describe("the governor option", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it("paces every call of the client: one acquire before each request, one release with each answer", async () => {
    const { governor, log } = recordingGovernor();
    const client = intercom.client({ governor });
    const lead = await drive(client.createLead({ email: "a@example.com" }));
    await drive(client.createLead({ email: "b@example.com" }));
    await drive(client.getLead(lead.id));
    await drive(client.getLead("5811f6bbe6b4704ddfa84ac0").catch(() => undefined));

    expect(log).toEqual([
      "acquire maybeCreated=false",
      "release 200",
      "acquire maybeCreated=false",
      "release 200",
      "acquire maybeCreated=false",
      "release 200",
      "acquire maybeCreated=false",
      "release 404",
    ]);
    expect(intercom.fake.requests.map((request) => request.status)).toEqual([200, 200, 200, 404]);
  });

  it("sees each attempt of a retried create, the 429 included", async () => {
    intercom.fake.inject({ kind: "rate-limit" });
    const { governor, log } = recordingGovernor();
    await drive(intercom.client({ governor }).createLead({ email: "a@example.com" }));

    expect(log).toEqual(["acquire maybeCreated=false", "release 429", "acquire maybeCreated=false", "release 200"]);
    expect(intercom.fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(intercom.fake.leads).toHaveLength(1);
  });

  it("is told of a call that got no answer, and that the next attempt may follow a stored lead", async () => {
    intercom.fake.inject({ kind: "drop-connection", stored: true });
    const { governor, log } = recordingGovernor();
    const client = intercom.client({ governor, retry: { retryMaybeCreated: true } });
    await drive(client.createLead({ email: "a@example.com" }));

    expect(log).toEqual(["acquire maybeCreated=false", "release none", "acquire maybeCreated=true", "release 200"]);
  });

  it("paces every create of createLeads: exact counts", async () => {
    const { governor, log } = recordingGovernor();
    const inputs = Array.from({ length: 12 }, (_, i) => ({ email: `lead-${i}@example.com` }));
    const summary = await drive(intercom.client({ governor }).createLeads(inputs, { concurrency: 4 }).summary());

    expect(summary).toMatchObject({ created: 12, failed: 0 });
    expect(log.filter((line) => line.startsWith("acquire"))).toHaveLength(12);
    expect(log.filter((line) => line === "release 200")).toHaveLength(12);
    expect(intercom.fake.leads).toHaveLength(12);
  });

  it("paces a client without a token too", async () => {
    const { governor, log } = recordingGovernor();
    // No token: the fake refuses the call (401), but the governor still saw it leave and come back.
    await drive(intercom.client({ token: undefined, governor }).createLead({ email: "a@example.com" })).catch(
      () => undefined,
    );
    expect(log).toEqual(["acquire maybeCreated=false", "release 401"]);
  });

  it("holds a call until the governor lets it go", async () => {
    let letGo: () => void = () => {};
    const released: (number | undefined)[] = [];
    const governor: Governor = {
      acquire: () =>
        new Promise<void>((resolve) => {
          letGo = resolve;
        }),
      release: (response) => released.push(response?.status),
    };
    const pending = intercom.client({ governor }).createLead({ email: "a@example.com" });
    await drive(new Promise((resolve) => setTimeout(resolve, 5_000)));
    expect(intercom.fake.requests).toHaveLength(0);

    letGo();
    await drive(pending);
    expect(intercom.fake.requests).toHaveLength(1);
    expect(released).toEqual([200]);
  });

  it("an abort while the governor holds the call rejects with nothing sent, and nothing released", async () => {
    const released: unknown[] = [];
    const governor: Governor = {
      acquire: (signal, maybeCreated) =>
        new Promise<void>((_, reject) => {
          signal?.addEventListener("abort", () => reject(new IntercomAbortError(signal.reason, maybeCreated)));
        }),
      release: (response) => released.push(response),
    };
    const controller = new AbortController();
    const pending = intercom.client({ governor }).createLead({ email: "a@example.com" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("closed the tab")), 100);
    const error = await drive(pending).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(IntercomAbortError);
    expect(error).toMatchObject({ maybeCreated: false, cause: new Error("closed the tab") });
    expect(intercom.fake.requests).toHaveLength(0);
    expect(released).toEqual([]);
  });
});

describe("a RateGovernor shared by two clients", () => {
  useFakeTime();
  const intercom = useInProcessIntercom({ rateLimit: { limit: 4, windowMs: 1000 } });

  it("splits one window between them: no 429, the fifth create waits for the reset", async () => {
    const governor = new RateGovernor();
    const forms = intercom.client({ governor });
    const imports = intercom.client({ governor });
    // One create first, so the governor knows the window before the rest ask.
    await drive(forms.createLead({ email: "first@example.com" }));
    await drive(
      Promise.all([
        forms.createLead({ email: "a@example.com" }),
        imports.createLead({ email: "b@example.com" }),
        imports.createLead({ email: "c@example.com" }),
        forms.createLead({ email: "d@example.com" }),
      ]),
    );

    const requests = intercom.fake.requests;
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200]);
    const window = (at: number) => Math.floor(at / 1000);
    // Four in the first window (the limit), the fifth in the next.
    expect(requests.map((request) => window(request.at) - window(requests[0]!.at))).toEqual([0, 0, 0, 0, 1]);
    expect(intercom.fake.leads).toHaveLength(5);
  });

  it("two clients with governors of their own overrun the same window", async () => {
    const forms = intercom.client();
    const imports = intercom.client();
    await drive(forms.createLead({ email: "first@example.com" }));
    await drive(imports.createLead({ email: "second@example.com" }));
    await drive(
      Promise.all([
        forms.createLead({ email: "a@example.com" }),
        forms.createLead({ email: "b@example.com" }),
        imports.createLead({ email: "c@example.com" }),
        imports.createLead({ email: "d@example.com" }),
      ]),
    );
    // Each believes what the window had left when it last heard is its own: forms sends b after c had
    // spent the window's last slot.
    expect(
      intercom.fake.requests.map((request) => [(request.body as { email: string }).email, request.status]),
    ).toEqual([
      ["first@example.com", 200],
      ["second@example.com", 200],
      ["a@example.com", 200],
      ["c@example.com", 200],
      ["b@example.com", 429],
      ["d@example.com", 200],
      ["b@example.com", 200],
    ]);
  });
});
