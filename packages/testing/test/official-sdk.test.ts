/**
 * The official SDK, `intercom-client` 7.0.3, as a client of the fake over HTTP, with its default settings: only
 * `token` and `baseUrl` (and `version` for 2.7; 2.14 is its default). It sends `Accept: *` + `/*`, pages lists with
 * `starting_after`, and retries a POST after any 408, 429 or 5xx: up to 2 retries, each after the answer's
 * `Retry-After`, else its `X-RateLimit-Reset` (plus up to 20%), else 1 s · 2^attempt (±10%), at most 60 s.
 *
 * The fault cases are the table in packages/testing/README.md and packages/core/README.md:
 * `npx vitest run --project testing packages/testing/test/official-sdk.test.ts`.
 */
import {
  type Contact,
  createIntercom,
  IntercomApiError,
  IntercomNetworkError,
  type IntercomError as LeadsError,
} from "@intercom-leads/core";
import { IntercomClient, IntercomError } from "intercom-client";
import { beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN, type FakeFault, type FakeIntercom } from "../src/index.ts";
import { serveFakeIntercom, settleWithFakeTime } from "../src/node.ts";
import { type AnswerVersion, validateAnswer } from "./support/answer-validators.ts";

const VALID = { valid: true, errors: [] };

/** A fresh fake on a loopback port, closed when the test ends. */
async function served(): Promise<{ fake: FakeIntercom; url: string }> {
  const fake = createFakeIntercom();
  const server = await serveFakeIntercom(fake);
  onTestFinished(() => server.close());
  return { fake, url: server.url };
}

/** The SDK with its defaults: the token, the fake's URL, and the version when it is not the SDK's own 2.14. */
function sdk(url: string, version: "2.14" | "2.7" = "2.14"): IntercomClient {
  return new IntercomClient(
    version === "2.14"
      ? { token: FAKE_INTERCOM_TOKEN, baseUrl: url }
      : { token: FAKE_INTERCOM_TOKEN, baseUrl: url, version },
  );
}

describe.each(["2.14", "2.7"] as const)("intercom-client 7.0.3 against the fake, Intercom-Version %s", (version) => {
  let fake: FakeIntercom;
  let client: IntercomClient;
  beforeEach(async () => {
    const server = await served();
    fake = server.fake;
    client = sdk(server.url, version);
  });

  it("creates a lead (role lead) and gets the version's contact back", async () => {
    const lead = (await client.contacts.create({
      role: "lead",
      email: "winston@truth.org",
      owner_id: 321,
    })) as unknown as Contact;

    expect(fake.leads.map((stored) => stored.body)).toEqual([lead]);
    expect(lead).toMatchObject({ type: "contact", role: "lead", email: "winston@truth.org", owner_id: 321 });
    expect(validateAnswer(version as AnswerVersion, "create", lead)).toEqual(VALID);
    // A single contact carries enabled_push_messaging from 2.12 on.
    expect(Object.hasOwn(lead, "enabled_push_messaging")).toBe(version === "2.14");
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/contacts", apiVersion: version, status: 200 });
    expect(request!.headers).toMatchObject({ accept: "*/*", "intercom-version": version });
    expect(request!.body).toEqual({ role: "lead", email: "winston@truth.org", owner_id: 321 });
  });

  it("finds it by id", async () => {
    const lead = await client.contacts.create({ role: "lead", email: "julia@truth.org" });
    const found = await client.contacts.find({ contact_id: lead.id });
    expect(found).toEqual(lead);
    expect(validateAnswer(version as AnswerVersion, "find", found)).toEqual(VALID);
  });

  it("searches by email for the lead, users left out", async () => {
    const lead = await client.contacts.create({ role: "lead", email: "obrien@truth.org" });
    await client.contacts.create({ email: "obrien@truth.org" });
    await client.contacts.create({ role: "lead", email: "julia@truth.org" });

    const page = await client.contacts.search({
      query: {
        operator: "AND",
        value: [
          { field: "role", operator: "=", value: "lead" },
          { field: "email", operator: "=", value: "obrien@truth.org" },
        ],
      },
    });
    expect(page.data).toEqual([lead]);
    expect(page.hasNextPage()).toBe(false);
    expect(validateAnswer(version as AnswerVersion, "search", page.response)).toEqual(VALID);
  });

  it("lists every contact and pages through them with the cursor, oldest first", async () => {
    const created: string[] = [];
    for (const body of [
      { role: "lead", email: "a@truth.org" },
      { email: "b@truth.org" },
      { role: "lead", email: "c@truth.org" },
      { role: "lead" },
      { external_id: "e-5" },
    ]) {
      created.push((await client.contacts.create(body as { role: string })).id);
    }

    const pager = await client.contacts.list({ per_page: 2 });
    expect(validateAnswer(version as AnswerVersion, "list", pager.response)).toEqual(VALID);
    expect(pager.response).toMatchObject({ type: "list", total_count: 5 });
    const seen: string[] = [];
    for await (const contact of pager) seen.push(contact.id);
    expect(seen).toEqual(created);

    const lists = fake.requests.filter((request) => request.method === "GET");
    expect(lists.map((request) => request.status)).toEqual([200, 200, 200]);
    const queries = lists.map((request) => new URL(request.url).searchParams);
    expect(queries.map((query) => query.get("per_page"))).toEqual(["2", "2", "2"]);
    expect(queries.map((query) => query.has("starting_after"))).toEqual([false, true, true]);
  });

  it("lists 50 a page by default", async () => {
    for (let i = 0; i < 51; i++) await client.contacts.create({ role: "lead" });
    const pager = await client.contacts.list();
    expect(pager.data).toHaveLength(50);
    expect(pager.response.pages).toMatchObject({ page: 1, per_page: 50, total_pages: 2 });
    expect((await pager.getNextPage()).data).toHaveLength(1);
    expect(pager.hasNextPage()).toBe(false);
  });
});

/** What one client did under a fault: the statuses the fake answered, the leads it holds, and the outcome. */
interface Run {
  statuses: (number | undefined)[];
  /** The stored leads' `{ id, email }`, in the order stored. */
  leads: { id: string; email: unknown }[];
  outcome: PromiseSettledResult<unknown>;
}

const leadsOf = (fake: FakeIntercom): Run["leads"] => fake.leads.map(({ id, body }) => ({ id, email: body.email }));

/** The SDK under `fault`, with fake timers driving its waits between retries (seconds of them, in milliseconds). */
async function sdkUnder(fault: FakeFault, times: number): Promise<Run & { waited: number[] }> {
  const { fake, url } = await served();
  // A quarter into a 10-second rate window, so the announced reset is 6.75 s away.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.UTC(2026, 2, 2, 9, 0, 3, 250) });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  fake.inject(fault, { times });
  const outcome = await settleWithFakeTime(sdk(url).contacts.create({ role: "lead", email: "winston@truth.org" }), {
    advance: (ms) => vi.advanceTimersByTimeAsync(ms),
    limitMs: 120_000,
  });
  const at = fake.requests.map((request) => request.at);
  return {
    statuses: fake.requests.map((request) => request.status),
    leads: leadsOf(fake),
    outcome,
    waited: at.slice(1).map((arrival, i) => arrival - at[i]!),
  };
}

/** Our client (`createIntercom`, defaults) under the same fault, on real time: it never waits to resend a create. */
async function oursUnder(fault: FakeFault, times: number): Promise<Run> {
  const { fake, url } = await served();
  fake.inject(fault, { times });
  const intercom = createIntercom({ token: FAKE_INTERCOM_TOKEN, baseUrl: url });
  const outcome = await Promise.allSettled([intercom.createLead({ email: "winston@truth.org" })]);
  return {
    statuses: fake.requests.map((request) => request.status),
    leads: leadsOf(fake),
    outcome: outcome[0]!,
  };
}

function rejection(run: Run): unknown {
  expect(run.outcome.status).toBe("rejected");
  return (run.outcome as PromiseRejectedResult).reason;
}

describe("a create whose answer failed after Intercom stored the lead: the SDK resends it, our client does not", () => {
  it("a 500 once: the SDK stores a duplicate and resolves with it; ours stores one and says maybeCreated", async () => {
    const fault: FakeFault = { kind: "server-error", stored: true };
    const theirs = await sdkUnder(fault, 1);
    expect(theirs.statuses).toEqual([500, 200]);
    // Two leads for one create: the one the 500 hid, and the duplicate the SDK resolves with.
    expect(theirs.leads).toHaveLength(2);
    expect(theirs.leads.map((lead) => lead.email)).toEqual(["winston@truth.org", "winston@truth.org"]);
    expect(theirs.outcome).toMatchObject({ status: "fulfilled", value: { id: theirs.leads[1]!.id } });
    // It waited for the rate window's reset (X-RateLimit-Reset, 6.75 s from the start) plus its 0–20% jitter; the
    // range is that jitter (Math.random) and the 100 ms steps fake time moves in, some of which pass while the
    // first request is still on its way over real HTTP (so the wait it computes can start up to two steps late).
    expect(theirs.waited[0]).toBeGreaterThanOrEqual(6750 - 200);
    expect(theirs.waited[0]).toBeLessThanOrEqual(6750 * 1.2 + 200);

    const ours = await oursUnder(fault, 1);
    expect(ours.statuses).toEqual([500]);
    expect(ours.leads.map((lead) => lead.email)).toEqual(["winston@truth.org"]);
    const error = rejection(ours);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 500, maybeCreated: true });
  });

  it("a 500 every time: the SDK sends the create 3 times and stores 3 leads before it gives up", async () => {
    const fault: FakeFault = { kind: "server-error", stored: true };
    const theirs = await sdkUnder(fault, 3);
    expect(theirs.statuses).toEqual([500, 500, 500]);
    expect(theirs.leads).toHaveLength(3);
    expect(rejection(theirs)).toBeInstanceOf(IntercomError);
    expect(rejection(theirs)).toMatchObject({ statusCode: 500 });

    const ours = await oursUnder(fault, 3);
    expect(ours.statuses).toEqual([500]);
    expect(ours.leads).toHaveLength(1);
    expect(rejection(ours)).toMatchObject({ status: 500, maybeCreated: true });
  });

  it("a load balancer's HTML 502: the SDK resends after about 1 s (no rate headers) and stores a duplicate", async () => {
    const fault: FakeFault = { kind: "html-502", stored: true };
    const theirs = await sdkUnder(fault, 1);
    expect(theirs.statuses).toEqual([502, 200]);
    expect(theirs.leads).toHaveLength(2);
    // 1 s ± 10% jitter, in 100 ms steps of fake time.
    expect(theirs.waited[0]).toBeGreaterThanOrEqual(900);
    expect(theirs.waited[0]).toBeLessThanOrEqual(1300);

    const ours = await oursUnder(fault, 1);
    expect(ours.statuses).toEqual([502]);
    expect(ours.leads).toHaveLength(1);
    expect(rejection(ours)).toMatchObject({ status: 502, maybeCreated: true });
  });

  it("a dropped connection: neither resends; only ours says the lead may exist", async () => {
    const fault: FakeFault = { kind: "drop-connection", stored: true };
    const theirs = await sdkUnder(fault, 1);
    expect(theirs.statuses).toEqual([undefined]);
    expect(theirs.leads).toHaveLength(1);
    expect(rejection(theirs)).toBeInstanceOf(IntercomError);
    expect(rejection(theirs)).toMatchObject({ message: "fetch failed", statusCode: undefined });

    const ours = await oursUnder(fault, 1);
    expect(ours.statuses).toEqual([undefined]);
    expect(ours.leads).toHaveLength(1);
    expect(rejection(ours)).toBeInstanceOf(IntercomNetworkError);
    expect((rejection(ours) as LeadsError).maybeCreated).toBe(true);
  });
});
