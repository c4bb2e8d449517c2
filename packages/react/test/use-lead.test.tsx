import { IntercomConfigError } from "@intercom-leads/core";
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createLeadMutationOptions, leadKeys, leadQueryOptions, useCreateLead, useLead } from "../src/index.ts";
import { type Backend, useBackend } from "./support/fake-backend.tsx";

/**
 * How many queries are fetching. TanStack starts a query's fetch as its observer mounts, in an
 * effect that renderHook's act() has flushed by the time it returns: a fetch that is not running
 * then was never started, so a test has nothing to wait for before saying none was sent.
 */
function fetchesRunning(backend: Backend): number {
  return backend.queryClient.isFetching();
}

describe("useLead", () => {
  const backend = useBackend();

  it("with no id stays idle and sends nothing", () => {
    const server = backend.serverClient();
    const getLead = vi.spyOn(server, "getLead");
    const { result } = renderHook(() => useLead(undefined), { wrapper: backend.wrapper(server) });
    expect(result.current).toMatchObject({ status: "pending", fetchStatus: "idle", data: undefined });
    expect(fetchesRunning(backend)).toBe(0);
    expect(getLead).not.toHaveBeenCalled();
    expect(backend.fake.requests).toHaveLength(0);
  });

  it("a browser client never asks Intercom for a lead it did not create", async () => {
    const server = backend.serverClient();
    const other = await server.createLead({ email: "someone-else@example.com" });
    const browser = backend.browserClient();
    const getLead = vi.spyOn(browser, "getLead");
    const { result } = renderHook(() => useLead(other.id, { enabled: true, refetchOnMount: "always" }), {
      wrapper: backend.wrapper(browser),
    });
    expect(result.current).toMatchObject({ status: "pending", fetchStatus: "idle", data: undefined });
    expect(fetchesRunning(backend)).toBe(0);
    expect(getLead).not.toHaveBeenCalled();
    expect(backend.fake.requests.map((request) => request.method)).toEqual(["POST"]);
  });

  it("a server client reads an uncached lead once, then serves it from the cache", async () => {
    const server = backend.serverClient();
    const created = await server.createLead({ email: "julia@truth.org" });
    const { result, rerender } = renderHook(() => useLead(created.id), { wrapper: backend.wrapper(server) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(created);
    rerender();
    const second = renderHook(() => useLead(created.id), { wrapper: backend.wrapper(server) });
    expect(second.result.current).toMatchObject({ status: "success", fetchStatus: "idle", data: created });
    expect(fetchesRunning(backend)).toBe(0);
    expect(backend.fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /contacts",
      `GET /contacts/${created.id}`,
    ]);
  });

  it("a lead just created is served from the cache with zero requests, even by a server client", async () => {
    const server = backend.serverClient();
    const { result } = renderHook(
      () => {
        const create = useCreateLead();
        return { create, lead: useLead(create.data?.id) };
      },
      { wrapper: backend.wrapper(server) },
    );
    const created = await act(() => result.current.create.mutateAsync({ email: "a@example.com" }));
    await waitFor(() => expect(result.current.lead.data).toEqual(created));
    expect(backend.fake.requests).toHaveLength(1);
  });

  it("options given as undefined keep the defaults: a cached lead stays fresh, no request", async () => {
    const server = backend.serverClient();
    const created = await server.createLead({ email: "julia@truth.org" });
    backend.queryClient.setQueryData(leadKeys.detail(created.id), created);
    const getLead = vi.spyOn(server, "getLead");
    const { result } = renderHook(() => useLead(created.id, { staleTime: undefined, refetchOnMount: undefined }), {
      wrapper: backend.wrapper(server),
    });
    expect(result.current).toMatchObject({ status: "success", fetchStatus: "idle", data: created });
    expect(fetchesRunning(backend)).toBe(0);
    expect(getLead).not.toHaveBeenCalled();
    expect(backend.fake.requests.map((request) => request.method)).toEqual(["POST"]);
  });

  it("a server client's read error is the core's typed error", async () => {
    const { result } = renderHook(() => useLead("5811f6bbe6b4704ddfa84ac0"), {
      wrapper: backend.wrapper(backend.serverClient()),
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ name: "IntercomApiError", status: 404, code: "not_found" });
  });
});

describe("outside React", () => {
  const backend = useBackend();

  it("createLeadMutationOptions runs the same mutation: cache filled, one request", async () => {
    const options = createLeadMutationOptions(backend.browserClient());
    const mutation = backend.queryClient.getMutationCache().build(backend.queryClient, options);
    const lead = await mutation.execute({ email: "loader@example.com" });
    expect(backend.queryClient.getQueryData(leadKeys.detail(lead.id))).toEqual(lead);
    expect(backend.fake.leads).toHaveLength(1);
    expect(options.mutationKey).toEqual(["intercom-leads", "create-lead"]);
  });

  it("leadQueryOptions reads through queryClient.fetchQuery on a server", async () => {
    const server = backend.serverClient();
    const created = await server.createLead({ email: "a@example.com" });
    const lead = await backend.queryClient.fetchQuery(leadQueryOptions(server, created.id));
    expect(lead).toEqual(created);
  });
});

describe("IntercomLeadsProvider", () => {
  it("hooks without a provider throw an IntercomConfigError that says what to do", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => renderHook(() => useCreateLead())).toThrow(
      new IntercomConfigError("No Intercom client: wrap your components in <IntercomLeadsProvider client={…}>"),
    );
  });
});
