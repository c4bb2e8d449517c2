import { type Contact, type IntercomClient, RateLimitError } from "@intercom-leads/core";
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useCreateLead } from "../src/index.ts";
import { useBackend } from "./support/fake-backend.tsx";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

/** Records every `createLead` call of `client` and the errors they end with. */
function watch(client: IntercomClient) {
  const calls: number[] = [];
  const errors: unknown[] = [];
  const createLead = client.createLead.bind(client);
  client.createLead = (input, options) => {
    calls.push(Date.now());
    return createLead(input, options).catch((error: unknown) => {
      errors.push(error);
      throw error;
    });
  };
  return { client, calls, errors };
}

describe("a RateLimitError whose reset is about a second away", () => {
  // One-second windows: the proxy answers the browser with `Retry-After: 1`.
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it("gets exactly one more attempt, sent once the announced reset has passed", async () => {
    // The proxy tries Intercom twice (its own client waits out the short window once), then answers 429.
    backend.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const { client, calls, errors } = watch(backend.browserClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    const lead = await act(() => result.current.mutateAsync(winston));

    expect(calls).toHaveLength(2);
    expect(errors).toHaveLength(1);
    const error = errors[0] as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    const reset = error.resetAt!.getTime();
    expect(reset - calls[0]!).toBeGreaterThan(0);
    expect(reset - calls[0]!).toBeLessThanOrEqual(10_000);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 429, 200]);
    expect(backend.fake.requests[2]!.at).toBeGreaterThanOrEqual(reset);
    expect(calls[1]!).toBeGreaterThanOrEqual(reset);
    expect(lead.id).toBe(backend.fake.leads[0]!.id);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("ends in the RateLimitError, with its reset time, when the extra attempt is refused too: TanStack adds no retry", async () => {
    backend.fake.inject({ kind: "rate-limit" }, { times: 4 });
    const started = Date.now();
    const { client, calls } = watch(backend.browserClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 8000 });
    const error = result.current.error;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", maybeCreated: false, limit: undefined });
    // From the proxy's Retry-After (whole seconds), not from Intercom's own headers.
    expect((error as RateLimitError).resetAt!.getTime()).toBeGreaterThan(started);
    expect(calls).toHaveLength(2);
    expect(result.current.failureCount).toBe(1);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 429, 429, 429]);
    expect(backend.fake.leads).toHaveLength(0);
  });

  it("a double submit while the extra attempt waits joins it: one lead, both callers get it", async () => {
    backend.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const { client, calls, errors } = watch(backend.browserClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    let first!: Promise<Contact>;
    act(() => {
      first = result.current.mutateAsync(winston);
    });
    await waitFor(() => expect(errors).toHaveLength(1), { timeout: 5000 });
    let second!: Promise<Contact>;
    act(() => {
      second = result.current.mutateAsync({ ...winston });
    });
    const [a, b] = await act(() => Promise.all([first, second]));
    expect(b).toBe(a);
    expect(calls).toHaveLength(2);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 429, 200]);
    expect(backend.fake.leads).toHaveLength(1);
  });
});

describe("a RateLimitError whose reset is more than 10 seconds away", () => {
  const windowMs = 60_000;
  // The fake's clock runs a window ahead, so the reset it announces is always 60 to 120 s away.
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs }, now: () => Date.now() + windowMs });

  it("gets no extra attempt", async () => {
    backend.fake.inject({ kind: "rate-limit" });
    const { client, calls } = watch(backend.browserClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    const started = Date.now();
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error = result.current.error as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt!.getTime() - started).toBeGreaterThan(10_000);
    expect(calls).toHaveLength(1);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("a RateLimitError with no reset time", () => {
  // No rate-limit headers at all: the client learns nothing about the window.
  const backend = useBackend({ rateLimit: false });

  it("backs off one second, then tries once more", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined); // a token in jsdom: the browser warning
    backend.fake.inject({ kind: "rate-limit" });
    const { client, calls, errors } = watch(backend.serverClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    await act(() => result.current.mutateAsync(winston));
    expect((errors[0] as RateLimitError).resetAt).toBeUndefined();
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(1000);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it("other errors get no extra attempt", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    backend.fake.inject({ kind: "server-error", stored: false });
    const { client, calls } = watch(backend.serverClient({ retry: false }));
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    await act(() => result.current.mutateAsync(winston).catch(() => undefined));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(calls).toHaveLength(1);
    expect(backend.fake.requests).toHaveLength(1);
  });
});
