import { createIntercom, RateLimitError } from "@intercom-leads/core";
import { createLeadHandler } from "@intercom-leads/core/server";
import { createFakeIntercom, FAKE_INTERCOM_TOKEN } from "@intercom-leads/testing";
import { settleWithFakeTime } from "@intercom-leads/testing/node";
import { QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLeadMutationOptions, useCreateLead } from "../src/index.ts";
import { PAGE_ORIGIN, useBackend } from "./support/fake-backend.tsx";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

describe("one retry layer: a sustained 429 from Intercom, one form submit", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends at most two creates upstream (the proxy waits out one window), and the hook ends in the proxy's RateLimitError", async () => {
    // Everything in-process, so fake time drives every wait: Intercom (the fake), the proxy in
    // front of it, the browser's client posting to the proxy, and the mutation the hook runs.
    const fake = createFakeIntercom({ rateLimit: { limit: 10_000, windowMs: 10_000 } });
    const proxy = createLeadHandler({
      token: FAKE_INTERCOM_TOKEN,
      baseUrl: "https://intercom.fake",
      fetch: fake.fetch,
      allowedOrigins: [PAGE_ORIGIN],
      // Rate limits are the subject: the key's real work (a digest of the body) would let fake time run on.
      idempotency: false,
    });
    const browserRequests: string[] = [];
    const browser = createIntercom({
      baseUrl: "https://shop.example/api/intercom",
      headers: { origin: PAGE_ORIGIN },
      fetch: (request) => {
        browserRequests.push(`${request.method} ${new URL(request.url).pathname}`);
        return proxy(request);
      },
    });
    // One create first, on real time: the proxy's client loads its rate governor on its first call,
    // and module loading is real work that fast-moving fake time would outrun.
    await browser.createLead({ email: "warm-up@example.com" });
    fake.reset();
    browserRequests.length = 0;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    fake.inject({ kind: "rate-limit" }, { times: 50 });
    const queryClient = new QueryClient();
    const mutation = queryClient.getMutationCache().build(queryClient, createLeadMutationOptions(browser));
    const started = Date.now();

    const outcome = await settleWithFakeTime(mutation.execute(winston), {
      advance: (ms) => vi.advanceTimersByTimeAsync(ms),
    });

    expect(outcome.status).toBe("rejected");
    const error = (outcome as PromiseRejectedResult).reason as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", maybeCreated: false });
    // The reset the browser learns is the proxy's Retry-After: the next window, in whole seconds.
    expect(error.resetAt!.getTime() - started).toBeGreaterThan(0);
    expect(error.resetAt!.getTime() - started).toBeLessThanOrEqual(20_000);
    expect(browserRequests).toEqual(["POST /api/intercom/contacts"]);
    expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      "POST /contacts 429",
      "POST /contacts 429",
    ]);
    // The proxy's second attempt left once the window Intercom announced (10 s windows) had reset.
    expect(Math.floor(fake.requests[1]!.at / 10_000)).toBe(Math.floor(fake.requests[0]!.at / 10_000) + 1);
    expect(fake.leads).toHaveLength(0);
    expect(mutation.state.failureCount).toBe(1);
  });
});

describe("useCreateLead and the proxy's 429", () => {
  // The proxy told not to wait, so the 429 comes straight back: nothing here waits on a window.
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 60_000 } }, { retry: false });

  it("hands the RateLimitError to the component after one request, with the reset from Retry-After", async () => {
    backend.fake.inject({ kind: "rate-limit" }, { times: 3 });
    const started = Date.now();
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error = result.current.error as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt!.getTime()).toBeGreaterThan(started);
    expect(error.resetAt!.getTime() - started).toBeLessThanOrEqual(61_000);
    expect(result.current.failureCount).toBe(1);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429]);
    expect(backend.fake.leads).toHaveLength(0);
  });
});
