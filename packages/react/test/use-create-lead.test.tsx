import {
  createIntercom,
  IntercomApiError,
  IntercomNetworkError,
  IntercomTimeoutError,
  LeadValidationError,
  RateLimitError,
  type Contact,
} from "@intercom-leads/core";
import { createServer } from "node:net";
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { useMutationState } from "@tanstack/react-query";
import { StrictMode, useRef } from "react";
import { describe, expect, it, vi } from "vitest";
import { createLeadMutationKey, leadKeys, useCreateLead, useLead } from "../src/index.ts";
import { useBackend } from "./support/fake-backend.tsx";

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };

describe("useCreateLead", () => {
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  it("creates the lead and caches the server's answer under leadKeys.detail(id)", async () => {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));

    const lead = result.current.data!;
    expect(lead).toEqual(backend.fake.leads[0]!.body);
    expect(backend.queryClient.getQueryData(leadKeys.detail(lead.id))).toEqual(lead);
    expect(backend.queryClient.getQueryState(leadKeys.detail(lead.id))?.isInvalidated).toBe(false);
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.requests[0]!.body).toEqual({ ...winston, role: "lead" });
  });

  it("useLead shows the created lead from the cache: one request in total", async () => {
    function Signup() {
      const create = useCreateLead();
      const { data: lead, fetchStatus } = useLead(create.data?.id);
      return (
        <div>
          <button type="button" onClick={() => create.mutate(winston)}>
            Sign up
          </button>
          <p>{lead ? `Thanks, ${lead.name} (${lead.id})` : `no lead (${fetchStatus})`}</p>
        </div>
      );
    }
    render(<Signup />, { wrapper: backend.wrapper(backend.browserClient()) });
    expect(screen.getByText("no lead (idle)")).toBeTruthy();
    act(() => screen.getByRole("button").click());
    const id = backend.fake.leads.length ? backend.fake.leads[0]!.id : undefined;
    await screen.findByText(/^Thanks, Winston Smith/);
    expect(screen.getByText(`Thanks, Winston Smith (${id ?? backend.fake.leads[0]!.id})`)).toBeTruthy();
    expect(backend.fake.requests).toHaveLength(1);
  });

  it("a double submit sends one request, stores one lead, and both callers get it", async () => {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    let first!: Promise<Contact>;
    let second!: Promise<Contact>;
    act(() => {
      first = result.current.mutateAsync({ ...winston });
      second = result.current.mutateAsync({ name: winston.name, phone: winston.phone, email: winston.email });
    });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(a.id).toBe(backend.fake.leads[0]!.id);
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("different inputs, or the same input after the first settled, are separate leads", async () => {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    await act(() => Promise.all([result.current.mutateAsync({ email: "a@example.com" }), result.current.mutateAsync({ email: "b@example.com" })]));
    await act(() => result.current.mutateAsync({ email: "a@example.com" }));
    expect(backend.fake.leads.map((lead) => lead.body.email)).toEqual(["a@example.com", "b@example.com", "a@example.com"]);
  });

  it("calls the caller's onSuccess, onError and onSettled once each, after the cache holds the lead", async () => {
    const seenInCache: unknown[] = [];
    const onSuccess = vi.fn((lead: Contact) => {
      seenInCache.push(backend.queryClient.getQueryData(leadKeys.detail(lead.id)));
    });
    const onError = vi.fn();
    const onSettled = vi.fn();
    const onMutate = vi.fn(() => "optimistic");
    const { result } = renderHook(() => useCreateLead({ onSuccess, onError, onSettled, onMutate, meta: { form: "signup" } }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    const lead = await act(() => result.current.mutateAsync(winston));

    expect(onMutate).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]!.slice(0, 3)).toEqual([lead, winston, "optimistic"]);
    expect(seenInCache).toEqual([lead]);
    expect(onSettled).toHaveBeenCalledTimes(1);
    expect(onSettled.mock.calls[0]!.slice(0, 4)).toEqual([lead, null, winston, "optimistic"]);
    expect(onError).not.toHaveBeenCalled();
    expect(backend.queryClient.getMutationCache().getAll()[0]!.options.meta).toEqual({ form: "signup" });

    backend.fake.inject({ kind: "server-error", stored: false });
    await act(() => result.current.mutateAsync({ email: "x@example.com" }).catch(() => undefined));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(IntercomApiError);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSettled).toHaveBeenCalledTimes(2);
  });

  it("renders the minimum TanStack allows through idle → pending → success: 3", async () => {
    const renders: string[] = [];
    function Form() {
      const { mutate, status } = useCreateLead();
      renders.push(status);
      const sent = useRef(false);
      return (
        <button
          type="button"
          onClick={() => {
            if (!sent.current) mutate(winston);
            sent.current = true;
          }}
        >
          {status}
        </button>
      );
    }
    render(<Form />, { wrapper: backend.wrapper(backend.browserClient()) });
    act(() => screen.getByRole("button").click());
    await screen.findByText("success");
    expect(renders).toEqual(["idle", "pending", "success"]);
  });

  it("works under StrictMode: one request, one lead", async () => {
    const wrapper = backend.wrapper(backend.browserClient());
    const { result } = renderHook(() => useCreateLead(), {
      wrapper: ({ children }) => <StrictMode>{wrapper({ children })}</StrictMode>,
    });
    await act(() => result.current.mutateAsync(winston));
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("shows its mutations to useMutationState through the stable key", async () => {
    const { result } = renderHook(
      () => ({ create: useCreateLead(), states: useMutationState({ filters: { mutationKey: createLeadMutationKey }, select: (m) => m.state.status }) }),
      { wrapper: backend.wrapper(backend.browserClient()) },
    );
    await act(() => result.current.create.mutateAsync(winston));
    await waitFor(() => expect(result.current.states).toEqual(["success"]));
  });
});

describe("useCreateLead errors", () => {
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  async function failWith(clientOptions: Parameters<typeof backend.browserClient>[0], input: object = winston) {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient(clientOptions)) });
    act(() => result.current.mutate(input as never));
    // A rate-limit retry waits for the proxy's Retry-After, a whole second or two.
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 5000 });
    return result.current.error;
  }

  it("LeadValidationError with its issues, and nothing sent", async () => {
    const error = await failWith({}, { email: "not-an-email", custom_attributes: { plan: { tier: 1 } } });
    expect(error).toBeInstanceOf(LeadValidationError);
    expect((error as LeadValidationError).issues).toEqual([
      { path: ["email"], message: "must be an email address" },
      { path: ["custom_attributes", "plan"], message: "must be a string, a finite number, true, false or null" },
    ]);
    expect(backend.fake.requests).toHaveLength(0);
  });

  it("IntercomApiError when Intercom fails after storing: the proxy's 502, maybeCreated, not retried", async () => {
    backend.fake.inject({ kind: "server-error", status: 503, stored: true });
    const error = await failWith({});
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 502, code: "upstream_unconfirmed", maybeCreated: true });
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("RateLimitError with its reset time once the retries are spent", async () => {
    // The proxy tries Intercom twice per browser request; the mutation sends two browser requests.
    backend.fake.inject({ kind: "rate-limit" }, { times: 4 });
    const started = Date.now();
    const error = await failWith({ retry: false });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", maybeCreated: false, limit: undefined });
    // From the proxy's Retry-After (whole seconds), not from Intercom's own headers.
    expect((error as RateLimitError).resetAt!.getTime()).toBeGreaterThan(started);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 429, 429, 429]);
    expect(backend.fake.leads).toHaveLength(0);
  });

  it("a RateLimitError is retried by the mutation once its window resets", async () => {
    backend.fake.inject({ kind: "rate-limit" }, { times: 2 });
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient({ retry: false })) });
    await act(() => result.current.mutateAsync(winston));
    expect(backend.fake.requests.map((request) => request.status)).toEqual([429, 429, 200]);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("IntercomTimeoutError, maybeCreated, not retried", async () => {
    backend.fake.inject({ kind: "slow", delayMs: 2000 });
    const error = await failWith({ timeout: 100 });
    expect(error).toBeInstanceOf(IntercomTimeoutError);
    expect(error).toMatchObject({ timeout: 100, maybeCreated: true });
    expect(backend.fake.requests).toHaveLength(1);
  });

  it("a dropped connection behind the proxy: its 502 says maybeCreated, not retried", async () => {
    backend.fake.inject({ kind: "drop-connection", stored: true });
    const error = await failWith({});
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 502, maybeCreated: true });
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("IntercomNetworkError when the proxy cannot be reached, nothing sent", async () => {
    const { result } = renderHook(() => useCreateLead(), {
      wrapper: backend.wrapper(createIntercom({ baseUrl: `http://127.0.0.1:${await closedPort()}/api/intercom` })),
    });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(IntercomNetworkError);
    expect(result.current.error!.maybeCreated).toBe(false);
  });

  it("a caller's retry option is honoured, not dropped", async () => {
    backend.fake.inject({ kind: "server-error", stored: false });
    const { result } = renderHook(() => useCreateLead({ retry: 1, retryDelay: 0 }), { wrapper: backend.wrapper(backend.browserClient()) });
    await act(() => result.current.mutateAsync(winston));
    expect(backend.fake.requests).toHaveLength(2);
    expect(backend.fake.leads).toHaveLength(1);
  });
});
