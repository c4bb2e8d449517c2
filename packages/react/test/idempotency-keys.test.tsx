// The idempotency key of each lead submission, as the page's client sends it to the proxy (Idempotency-Key),
// with the verification token and attribution that travel beside it.
import { QueryClient, useMutation } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createLeadMutationOptions, leadSubmission, useCreateLead } from "../src/index.ts";
import { useBackend } from "./support/fake-backend.tsx";
import { recordingClient, UUID } from "./support/recording-client.ts";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

/**
 * A page's `fetch` whose first request fails before it leaves (as a dropped connection does), so the retry is the
 * proxy's first sight of the key. (A 5xx from the fake would make the proxy look the lead up before resending.)
 */
function failingOnce(): typeof fetch {
  let failed = false;
  return (input, init) => {
    if (failed) return fetch(input, init);
    failed = true;
    return Promise.reject(new TypeError("Failed to fetch"));
  };
}

describe("idempotency keys", () => {
  const backend = useBackend();

  it("every useCreateLead submission gets its own key; TanStack's retries of one reuse it", async () => {
    const { client, keys } = recordingClient(backend, failingOnce());
    const { result } = renderHook(() => useCreateLead({ retry: 1, retryDelay: 0 }), {
      wrapper: backend.wrapper(client),
    });
    const first = await act(() => result.current.mutateAsync(winston));
    const second = await act(() => result.current.mutateAsync({ email: "julia@truth.org" }));
    const [a, retried, b] = keys();
    expect(a).toMatch(UUID);
    expect(retried).toBe(a);
    expect(b).toMatch(UUID);
    expect(b).not.toBe(a);
    expect(keys()).toHaveLength(3);
    expect(result.current.variables).toEqual({ input: { email: "julia@truth.org" }, idempotencyKey: b });
    expect(backend.fake.leads.map((lead) => lead.id)).toEqual([first.id, second.id]);
  });

  it("a plain input through createLeadMutationOptions gets a key at its first run, reused by its retries", async () => {
    const { client, keys } = recordingClient(backend, failingOnce());
    const { result } = renderHook(() => useMutation(createLeadMutationOptions(client, { retry: 1, retryDelay: 0 })), {
      wrapper: backend.wrapper(client),
    });
    await act(() => result.current.mutateAsync(winston));
    await act(() => result.current.mutateAsync({ ...winston, email: "julia@truth.org" }));
    const [a, retried, b] = keys();
    expect(a).toMatch(UUID);
    expect(retried).toBe(a);
    expect(b).toMatch(UUID);
    expect(b).not.toBe(a);
    expect(result.current.variables).toEqual({ ...winston, email: "julia@truth.org" });
  });

  it("the same plain input object mutated again after its lead was made is a new submission, with a new key", async () => {
    const { client, keys } = recordingClient(backend);
    const { result } = renderHook(() => useMutation(createLeadMutationOptions(client, { dedupeWindowMs: 0 })), {
      wrapper: backend.wrapper(client),
    });
    const first = await act(() => result.current.mutateAsync(winston));
    const second = await act(() => result.current.mutateAsync(winston));
    expect(second.id).not.toBe(first.id);
    expect(new Set(keys()).size).toBe(2);
    expect(backend.fake.leads).toHaveLength(2);
  });

  it("equal inputs within the double-submit window still make one lead, under the first submission's key", async () => {
    const { client, keys } = recordingClient(backend);
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    const [a, b] = await act(() =>
      Promise.all([result.current.mutateAsync(winston), result.current.mutateAsync({ ...winston })]),
    );
    const c = await act(() => result.current.mutateAsync({ ...winston }));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(keys()).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("keys submissions on a page that is not a secure context (no crypto.randomUUID), as a phone on the LAN's http does", async () => {
    // Browsers give crypto.randomUUID to secure pages only, getRandomValues to every page. Hidden only while
    // mutate makes the submission (synchronously), since the proxy in this process uses it too.
    const insecurely = <T,>(submit: () => T): T => {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      try {
        return submit();
      } finally {
        delete (crypto as { randomUUID?: unknown }).randomUUID;
      }
    };
    const { client, keys } = recordingClient(backend);
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    await act(() => insecurely(() => result.current.mutateAsync(winston)));
    await act(() => insecurely(() => result.current.mutateAsync({ email: "julia@truth.org" })));
    // 128 random bits, as four 32-bit numbers.
    const [a, b] = keys();
    expect(a).toMatch(/^\d{1,10}(-\d{1,10}){3}$/);
    expect(b).toMatch(/^\d{1,10}(-\d{1,10}){3}$/);
    expect(b).not.toBe(a);
    expect(backend.fake.leads).toHaveLength(2);
  });

  it("sends the verification token and the attribution given to mutate, as the proxy's headers", async () => {
    const { client, sent } = recordingClient(backend);
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    await act(() =>
      result.current.mutateAsync(winston, {
        verificationToken: "turnstile-token",
        attribution: { utm_source: "newsletter", landing_path: "/signup?utm_source=newsletter" },
      }),
    );
    expect(sent).toEqual([
      {
        key: expect.stringMatching(UUID),
        token: "turnstile-token",
        attribution: "utm_source=newsletter&landing_path=%2Fsignup%3Futm_source%3Dnewsletter",
      },
    ]);
    expect(result.current.variables).toEqual({
      input: winston,
      idempotencyKey: sent[0]!.key,
      verificationToken: "turnstile-token",
      attribution: { utm_source: "newsletter", landing_path: "/signup?utm_source=newsletter" },
    });
  });

  it("a server's client (with a token) sends no key, since Intercom has none, and still creates", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined); // a token in jsdom: the browser warning
    const client = backend.serverClient();
    const createLead = vi.spyOn(client, "createLead");
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(client) });
    await act(() => result.current.mutateAsync(winston));
    expect(createLead).toHaveBeenCalledWith(winston, { verificationToken: undefined, attribution: undefined });
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("a server's client refuses a verification token given to mutate, and sends nothing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.serverClient()) });
    await expect(
      act(() => result.current.mutateAsync(winston, { verificationToken: "turnstile-token" })),
    ).rejects.toThrow("idempotencyKey, verificationToken and attribution are for a client of createLeadHandler");
    expect(backend.fake.requests).toHaveLength(0);
  });
});

describe("a submission whose first request is still running at the proxy", () => {
  // The proxy answers 409 idempotency_key_in_use at once instead of waiting for the first request's answer.
  const backend = useBackend(undefined, { idempotency: { waitSeconds: 0 } });

  it("is sent again with the same key on the proxy's 409, and gets the first request's lead", async () => {
    const { client, keys } = recordingClient(backend);
    const submission = leadSubmission(winston);
    // Two caches, so the double-submit window (per QueryClient) does not join them: two requests, one key.
    const other = new QueryClient();
    const run = (queryClient: QueryClient) =>
      queryClient
        .getMutationCache()
        .build(queryClient, createLeadMutationOptions(client, { retryDelay: 300 }))
        .execute(submission);
    backend.fake.inject({ kind: "slow", delayMs: 300 });
    const first = run(backend.queryClient);
    await vi.waitFor(() => expect(backend.fake.requests).toHaveLength(1));
    const [a, b] = await Promise.all([first, run(other)]);
    expect(b.id).toBe(a.id);
    expect(backend.fake.leads).toHaveLength(1);
    expect(backend.fake.requests).toHaveLength(1);
    // The first request, the second's 409 and its resends while the first ran, then the replayed answer.
    expect(new Set(keys())).toEqual(new Set([submission.idempotencyKey]));
    expect(keys().length).toBeGreaterThanOrEqual(3);
  });
});
