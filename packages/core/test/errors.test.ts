import { createServer } from "node:net";
import { inspect } from "node:util";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomAbortError,
  IntercomApiError,
  IntercomConfigError,
  IntercomError,
  IntercomNetworkError,
  IntercomTimeoutError,
  isIntercomAbortError,
  isIntercomApiError,
  isIntercomConfigError,
  isIntercomError,
  isIntercomNetworkError,
  isIntercomTimeoutError,
  isLeadValidationError,
  isRateLimitError,
  LeadValidationError,
  RateLimitError,
} from "../src/index.ts";
import { useFakeIntercom } from "./support/use-fake-intercom.ts";
import { useStubServer } from "./support/use-stub-server.ts";

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const errorList = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ type: "error.list", request_id: "req-123", errors: [{ code, message, ...extra }] }, { status });

const stub = useStubServer();

/** A client of a loopback server that gives `answer` to every request. */
function clientAnswering(answer: () => Response | Promise<Response>, token = "t0ken-s3cret-value") {
  stub.answer = answer;
  return createIntercom({ token, retry: false, baseUrl: stub.url });
}

async function failure(promise: Promise<unknown>): Promise<IntercomError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: IntercomError) => error,
  );
}

describe("HTTP errors", () => {
  it("maps Intercom's error.list: status, first code, all errors, request id", async () => {
    const error = await failure(
      clientAnswering(() =>
        Response.json(
          {
            type: "error.list",
            request_id: "b1e6c6c4-6c35-4d5a-9c7e-2a8d2a4b9d11",
            errors: [
              { code: "parameter_invalid", message: "Email is invalid", field: "email" },
              { code: "parameter_invalid", message: "Name is too long", field: "name" },
            ],
          },
          { status: 400 },
        ),
      ).createLead({ email: "a@b.co" }),
    );
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({
      name: "IntercomApiError",
      status: 400,
      code: "parameter_invalid",
      requestId: "b1e6c6c4-6c35-4d5a-9c7e-2a8d2a4b9d11",
      maybeCreated: false,
      errors: [
        { code: "parameter_invalid", message: "Email is invalid", field: "email" },
        { code: "parameter_invalid", message: "Name is too long", field: "name" },
      ],
    });
    expect(error.message).toBe("Intercom answered 400 parameter_invalid: Email is invalid");
  });

  it.each([
    [
      "an HTML page",
      () =>
        new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    ],
    ["an empty body", () => new Response(null, { status: 503 })],
    ["JSON that is not an error list", () => Response.json({ oops: true }, { status: 500 })],
  ])("still types a 5xx with %s, and marks it maybeCreated", async (_, answer) => {
    const error = await failure(clientAnswering(answer).createLead({ email: "a@b.co" }));
    expect(error).toBeInstanceOf(IntercomApiError);
    const status = (error as IntercomApiError).status;
    expect(error).toMatchObject({ code: `http_${status}`, errors: [], maybeCreated: true, requestId: undefined });
  });

  it("takes the request id from X-Request-Id when the body has none", async () => {
    const error = await failure(
      clientAnswering(() => new Response("", { status: 500, headers: { "x-request-id": "hdr-1" } })).createLead({
        email: "a@b.co",
      }),
    );
    expect(error.requestId).toBe("hdr-1");
  });

  it("a 429 is a RateLimitError with limit, remaining and resetAt", async () => {
    const error = await failure(
      clientAnswering(
        () =>
          new Response(
            JSON.stringify({
              type: "error.list",
              errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit" }],
            }),
            {
              status: 429,
              headers: { "x-ratelimit-limit": "166", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000010" },
            },
          ),
      ).createLead({ email: "a@b.co" }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({
      name: "RateLimitError",
      status: 429,
      code: "rate_limit_exceeded",
      limit: 166,
      remaining: 0,
      maybeCreated: false,
    });
    expect((error as RateLimitError).resetAt).toEqual(new Date(1_700_000_010_000));
  });

  it("a 429 with only Retry-After still says when to come back", async () => {
    const before = Date.now();
    const error = (await failure(
      clientAnswering(() => new Response("", { status: 429, headers: { "retry-after": "7" } })).createLead({
        email: "a@b.co",
      }),
    )) as RateLimitError;
    expect(error.limit).toBeUndefined();
    expect(error.resetAt!.getTime() - before).toBeGreaterThanOrEqual(7000);
    expect(error.resetAt!.getTime() - before).toBeLessThan(8000);
  });

  it("a 422 whose issues are unreadable is an IntercomApiError, not an empty LeadValidationError", async () => {
    const error = await failure(
      clientAnswering(() =>
        Response.json(
          { type: "error.list", errors: [{ code: "parameter_invalid" }], issues: [{}, "x"] },
          { status: 422 },
        ),
      ).createLead({ email: "a@b.co" }),
    );
    expect(error).toMatchObject({
      name: "IntercomApiError",
      status: 422,
      code: "parameter_invalid",
      maybeCreated: false,
    });
  });

  it.each([
    ["HTML", () => new Response("<html>", { status: 200 })],
    ["null", () => Response.json(null)],
    ["an error list", () => Response.json({ type: "error.list", errors: [{ code: "x" }] })],
    ["a contact without an id", () => Response.json({ type: "contact" })],
  ])("a 2xx with %s is an error that says the lead may exist", async (_, answer) => {
    const error = await failure(clientAnswering(answer).createLead({ email: "a@b.co" }));
    expect(error).toMatchObject({
      name: "IntercomApiError",
      status: 200,
      code: "invalid_response",
      maybeCreated: true,
    });
  });

  it("passes fields Intercom adds later through untouched", async () => {
    const answer = { type: "contact", id: "1", role: "lead", email: "a@b.co", brand_new_field: { nested: [1, 2] } };
    const lead = await clientAnswering(() => Response.json(answer)).createLead({ email: "a@b.co" });
    expect(lead).toEqual(answer);
  });

  it("does not follow a redirect with the lead's data", async () => {
    const error = await failure(
      clientAnswering(
        () => new Response(null, { status: 307, headers: { location: "http://127.0.0.1:9/elsewhere" } }),
      ).createLead({ email: "a@b.co" }),
    );
    expect(error).toMatchObject({ name: "IntercomApiError", status: 307, code: "http_307", maybeCreated: false });
    expect(stub.received).toHaveLength(1);
  });
});

describe("errors from a real fake Intercom", () => {
  const served = useFakeIntercom();

  it("a wrong token is a 401 unauthorized", async () => {
    const error = await failure(
      createIntercom({ token: "wrong", baseUrl: served.url }).createLead({ email: "a@b.co" }),
    );
    expect(error).toMatchObject({ name: "IntercomApiError", status: 401, code: "unauthorized", maybeCreated: false });
    expect(typeof error.requestId).toBe("string");
    expect(served.fake.leads).toHaveLength(0);
  });

  it("a connection refused is a network error that was never sent", async () => {
    const port = await closedPort();
    const dead = createIntercom({ token: served.token, baseUrl: `http://127.0.0.1:${port}` });
    const error = await failure(dead.createLead({ email: "a@b.co" }));
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect(error.maybeCreated).toBe(false);
  });
});

describe("type guards", () => {
  it("recognise every error class", () => {
    const errors = [
      new IntercomError("x"),
      new IntercomApiError({ status: 400, errors: [] }),
      new RateLimitError({ status: 429, errors: [] }),
      new LeadValidationError([]),
      new IntercomTimeoutError(5),
      new IntercomNetworkError(undefined, true),
      new IntercomAbortError(undefined, false),
      new IntercomConfigError("x"),
    ];
    expect(errors.map(isIntercomError)).toEqual(errors.map(() => true));
    expect(errors.map(isIntercomApiError)).toEqual([false, true, true, false, false, false, false, false]);
    expect(errors.map(isRateLimitError)).toEqual([false, false, true, false, false, false, false, false]);
    expect(errors.map(isLeadValidationError)).toEqual([false, false, false, true, false, false, false, false]);
    expect(errors.map(isIntercomTimeoutError)).toEqual([false, false, false, false, true, false, false, false]);
    expect(errors.map(isIntercomNetworkError)).toEqual([false, false, false, false, false, true, false, false]);
    expect(errors.map(isIntercomAbortError)).toEqual([false, false, false, false, false, false, true, false]);
    expect(errors.map(isIntercomConfigError)).toEqual([false, false, false, false, false, false, false, true]);
    const lookalikes = [
      new Error("x"),
      new TypeError("x"),
      null,
      undefined,
      "IntercomError",
      { name: "IntercomError" },
    ];
    const odd = [
      { name: Symbol("IntercomError"), maybeCreated: false },
      { name: ["IntercomError"], maybeCreated: false },
      42,
    ];
    expect([...lookalikes, ...odd].map(isIntercomError)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("work across realms, where instanceof does not", () => {
    const foreign: unknown = runInNewContext(
      'Object.assign(new Error("limited"), { name: "RateLimitError", status: 429, maybeCreated: false })',
    );
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(isRateLimitError(foreign)).toBe(true);
    expect(isIntercomApiError(foreign)).toBe(true);
    expect(isIntercomError(foreign)).toBe(true);
    expect(isIntercomAbortError(foreign)).toBe(false);
  });

  it("narrow a caught error to its class, names included", () => {
    const error: unknown = new IntercomAbortError(undefined, true);
    if (!isIntercomError(error)) throw new Error("not recognised");
    // The names are literal types, so a switch on them narrows too.
    const kind: string = error.name;
    expect(kind).toBe("IntercomAbortError");
    expect(isIntercomAbortError(error) && error.maybeCreated).toBe(true);
  });
});

describe("the token never leaks", () => {
  const token = "t0ken-s3cret-value";
  const cases: [string, () => Promise<unknown>][] = [
    [
      "api error",
      () =>
        clientAnswering(() => errorList(401, "unauthorized", "Access Token Invalid")).createLead({ email: "a@b.co" }),
    ],
    [
      "rate limit",
      () => clientAnswering(() => errorList(429, "rate_limit_exceeded", "slow down")).createLead({ email: "a@b.co" }),
    ],
    [
      "html 502",
      () => clientAnswering(() => new Response("<h1>bad</h1>", { status: 502 })).createLead({ email: "a@b.co" }),
    ],
    ["validation", () => clientAnswering(() => Response.json({})).createLead({ email: "nope" })],
    [
      "network",
      () =>
        createIntercom({
          token,
          fetch: async () => {
            throw new TypeError("fetch failed");
          },
        }).createLead({ email: "a@b.co" }),
    ],
    [
      "fetch error holding the request",
      () =>
        createIntercom({
          token,
          fetch: async (request) => {
            throw Object.assign(new TypeError(`bad header: Bearer ${token}`), {
              request,
              headers: request.headers,
              cause: { request },
            });
          },
        }).createLead({ email: "a@b.co" }),
    ],
    [
      "timeout",
      () =>
        createIntercom({
          token,
          timeout: 10,
          retry: false,
          fetch: (request) =>
            new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
        }).createLead({
          email: "a@b.co",
        }),
    ],
    [
      "abort",
      () =>
        createIntercom({
          token,
          fetch: (request) =>
            new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
        }).createLead({ email: "a@b.co" }, { signal: AbortSignal.timeout(5) }),
    ],
    ["config", async () => createIntercom({ token, baseUrl: "http://example.com" })],
  ];

  it.each(cases)("in a %s error: message, properties, toJSON or inspect", async (_, run) => {
    const error = await run().then(
      () => {
        throw new Error("expected a rejection");
      },
      (thrown: unknown) => thrown,
    );
    expect(isIntercomError(error)).toBe(true);
    const views = [
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      String((error as Error).stack),
      JSON.stringify(
        Object.getOwnPropertyNames(error).map((name) =>
          inspect((error as Record<string, unknown>)[name], { depth: 10, showHidden: true }),
        ),
      ),
    ];
    for (const view of views) expect(view).not.toContain(token);
  });
});
