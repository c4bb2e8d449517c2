import { type Contact, IntercomApiError, IntercomNetworkError } from "@intercom-leads/core";
import { useMutation } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createLeadMutationOptions, leadKeys, useCreateLead } from "../src/index.ts";
import { useBackend } from "./support/fake-backend.tsx";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

/** The default `retry`: the proxy's 409 `idempotency_key_in_use` (safe to resend, same key) up to 3 times, nothing else. */
function expectRetriesOnlyKeyInUse(retry: unknown): void {
  expect(retry).toBeTypeOf("function");
  const decide = retry as (failureCount: number, error: unknown) => boolean;
  const inUse = new IntercomApiError({
    status: 409,
    errors: [{ code: "idempotency_key_in_use", message: "A request with this Idempotency-Key is still running" }],
  });
  expect([0, 1, 2, 3].map((failureCount) => decide(failureCount, inUse))).toEqual([true, true, true, false]);
  for (const error of [
    new IntercomApiError({ status: 500, errors: [] }),
    new IntercomApiError({ status: 422, errors: [{ code: "idempotency_key_reused", message: "another lead" }] }),
    new IntercomNetworkError(new TypeError("fetch failed"), true),
  ])
    expect(decide(0, error)).toBe(false);
}

describe("useCreateLead options", () => {
  const backend = useBackend();

  function onlyMutationOptions() {
    const mutations = backend.queryClient.getMutationCache().getAll();
    expect(mutations).toHaveLength(1);
    return mutations[0]!.options;
  }

  it("gcTime, scope, networkMode, throwOnError, meta and mutationKey reach the mutation", async () => {
    const throwOnError = (): boolean => false;
    const { result } = renderHook(
      () =>
        useCreateLead({
          gcTime: 12_345,
          scope: { id: "signup-form" },
          networkMode: "always",
          throwOnError,
          meta: { form: "signup" },
          mutationKey: ["my-app", "signup"],
        }),
      { wrapper: backend.wrapper(backend.browserClient()) },
    );
    await act(() => result.current.mutateAsync(winston));
    const options = onlyMutationOptions();
    expect(options.gcTime).toBe(12_345);
    expect(options.scope).toEqual({ id: "signup-form" });
    expect(options.networkMode).toBe("always");
    expect((options as { throwOnError?: unknown }).throwOnError).toBe(throwOnError);
    expect(options.meta).toEqual({ form: "signup" });
    // A caller's key replaces ours.
    expect(options.mutationKey).toEqual(["my-app", "signup"]);
    expectRetriesOnlyKeyInUse(options.retry);
  });

  it("options given as undefined keep the defaults", async () => {
    // Even an app-wide default retry does not make a create retry.
    backend.queryClient.setDefaultOptions({ mutations: { retry: 3 } });
    const { result } = renderHook(
      () =>
        useCreateLead({
          retry: undefined,
          retryDelay: undefined,
          mutationKey: undefined,
          onSuccess: undefined,
          dedupeWindowMs: undefined,
        }),
      { wrapper: backend.wrapper(backend.browserClient()) },
    );
    const lead = await act(() => result.current.mutateAsync(winston));
    const options = onlyMutationOptions();
    expectRetriesOnlyKeyInUse(options.retry);
    expect(options.mutationKey).toEqual(leadKeys.create);
    expect(backend.queryClient.getQueryData(leadKeys.detail(lead.id))).toBe(lead);
  });

  it("createLeadMutationOptions with TanStack's own useMutation keeps the cache write before the caller's onSuccess", async () => {
    const client = backend.browserClient();
    const seen: unknown[] = [];
    const onSuccess = vi.fn((lead: Contact) => seen.push(backend.queryClient.getQueryData(leadKeys.detail(lead.id))));
    const onSettled = vi.fn();
    const { result } = renderHook(() => useMutation(createLeadMutationOptions(client, { onSuccess, onSettled })), {
      wrapper: backend.wrapper(client),
    });
    const lead = await act(() => result.current.mutateAsync(winston));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([lead]);
    expect(onSettled).toHaveBeenCalledTimes(1);
    expect(onlyMutationOptions().mutationKey).toEqual(leadKeys.create);
  });

  it("the latest options are used on every render: callbacks never go stale", async () => {
    const calls: string[] = [];
    const { result, rerender } = renderHook(
      ({ label }) => useCreateLead({ dedupeWindowMs: 0, onSuccess: () => void calls.push(label) }),
      {
        wrapper: backend.wrapper(backend.browserClient()),
        initialProps: { label: "first" },
      },
    );
    await act(() => result.current.mutateAsync(winston));
    rerender({ label: "second" });
    await act(() => result.current.mutateAsync({ email: "b@example.com" }));
    expect(calls).toEqual(["first", "second"]);
  });
});
