import { type Contact, type IntercomClient, LeadValidationError } from "@intercom-leads/core";
import { QueryClient } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { createLeadMutationOptions, useCreateLead } from "../src/index.ts";
import { useBackend } from "./support/fake-backend.tsx";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

function run(
  queryClient: QueryClient,
  client: IntercomClient,
  input: object,
  options?: { dedupeWindowMs?: number },
): Promise<Contact> {
  return queryClient
    .getMutationCache()
    .build(queryClient, createLeadMutationOptions(client, options))
    .execute(input as never);
}

describe("the double-submit window", () => {
  const backend = useBackend();

  it("a second submit right after the first succeeded gets the same lead, with no request", async () => {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    const first = await act(() => result.current.mutateAsync(winston));
    const second = await act(() =>
      result.current.mutateAsync({ phone: winston.phone, email: winston.email, name: winston.name }),
    );
    expect(second).toBe(first);
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("a `scope`, which makes TanStack run the second mutate only after the first, does not defeat it", async () => {
    const { result } = renderHook(() => useCreateLead({ scope: { id: "signup" } }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    const [a, b] = await act(() =>
      Promise.all([result.current.mutateAsync(winston), result.current.mutateAsync({ ...winston })]),
    );
    expect(b).toBe(a);
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("ends after dedupeWindowMs: the same input is then a new lead", async () => {
    // Only the clock is fake: the window is measured with Date.now(), and the HTTP round trips stay real.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => void vi.useRealTimers());
    const { result } = renderHook(() => useCreateLead({ dedupeWindowMs: 100 }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    const first = await act(() => result.current.mutateAsync(winston));
    vi.advanceTimersByTime(99);
    const again = await act(() => result.current.mutateAsync(winston));
    expect(again).toBe(first);
    vi.advanceTimersByTime(1);
    const later = await act(() => result.current.mutateAsync(winston));
    expect(later.id).not.toBe(first.id);
    expect(backend.fake.requests).toHaveLength(2);
  });

  it("dedupeWindowMs: 0 turns the window off, but a submit while one is pending still joins it", async () => {
    const client = backend.browserClient();
    const [a, b] = await Promise.all([
      run(backend.queryClient, client, winston, { dedupeWindowMs: 0 }),
      run(backend.queryClient, client, winston, { dedupeWindowMs: 0 }),
    ]);
    expect(b).toBe(a);
    const c = await run(backend.queryClient, client, winston, { dedupeWindowMs: 0 });
    expect(c.id).not.toBe(a.id);
    expect(backend.fake.requests).toHaveLength(2);
  });

  it("refuses a window that is not a number of milliseconds >= 0", () => {
    const client = backend.browserClient();
    for (const dedupeWindowMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, "5000" as never]) {
      expect(() => createLeadMutationOptions(client, { dedupeWindowMs })).toThrow(/dedupeWindowMs must be/);
    }
  });

  it("is per QueryClient: the same client in two caches creates twice", async () => {
    const client = backend.browserClient();
    const other = new QueryClient();
    const [a, b] = await Promise.all([run(backend.queryClient, client, winston), run(other, client, winston)]);
    expect(a.id).not.toBe(b.id);
    expect(backend.fake.leads).toHaveLength(2);
  });

  it("is per Intercom client: two clients in one cache create twice (so create the client once, not on every render)", async () => {
    const [a, b] = await Promise.all([
      run(backend.queryClient, backend.browserClient(), winston),
      run(backend.queryClient, backend.browserClient(), winston),
    ]);
    expect(a.id).not.toBe(b.id);
    expect(backend.fake.leads).toHaveLength(2);
  });

  it("only shares valid inputs: each invalid one goes to the client, which refuses it", async () => {
    const client = backend.browserClient();
    const createLead = vi.spyOn(client, "createLead");
    const invalid = { email: "not-an-email" };
    const results = await Promise.allSettled([
      run(backend.queryClient, client, invalid),
      run(backend.queryClient, client, { ...invalid }),
    ]);
    expect(results.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    for (const outcome of results)
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(LeadValidationError);
    expect(createLead).toHaveBeenCalledTimes(2);
    expect(backend.fake.requests).toHaveLength(0);
  });

  it("values matter, key order does not, nested objects included", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // A server client: the proxy would refuse custom attributes other than marketing_consent.
    const client = backend.serverClient();
    const a = await run(backend.queryClient, client, { email: "a@example.com", custom_attributes: { x: 1, y: 2 } });
    const b = await run(backend.queryClient, client, { custom_attributes: { y: 2, x: 1 }, email: "a@example.com" });
    const c = await run(backend.queryClient, client, { email: "a@example.com", custom_attributes: { x: 1, y: 3 } });
    expect(b).toBe(a);
    expect(c.id).not.toBe(a.id);
    expect(backend.fake.requests).toHaveLength(2);
  });
});

describe("the mutation function's context", () => {
  const backend = useBackend();

  it("without TanStack's context (Query before 5.89, or a direct call) it refuses with a clear error and sends nothing", async () => {
    const mutationFn = createLeadMutationOptions(backend.browserClient()).mutationFn;
    await expect(mutationFn(winston, undefined as never)).rejects.toThrow(/needs @tanstack\/react-query 5.89 or later/);
    expect(backend.fake.requests).toHaveLength(0);
  });
});
