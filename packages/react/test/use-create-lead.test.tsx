import { createServer } from "node:net";
import {
  type Contact,
  createIntercom,
  IntercomApiError,
  IntercomNetworkError,
  IntercomTimeoutError,
  LeadValidationError,
} from "@intercom-leads/core";
import { useMutationState } from "@tanstack/react-query";
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode, useEffect, useRef } from "react";
import { describe, expect, it, vi } from "vitest";
import { leadKeys, useCreateLead, useLead } from "../src/index.ts";
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

/** `useCreateLead`'s variables for `input`: the input and the key made for it. */
function submitted(input: object) {
  return { input, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) };
}

describe("useCreateLead", () => {
  // The whole lead, so the cache can be compared with what Intercom stored (the proxy's default answer is a summary).
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 1000 } }, { respondWith: "lead" });

  it("keeps mutate and mutateAsync the same functions across renders and submissions, as TanStack's are", async () => {
    const { result, rerender } = renderHook(() => useCreateLead({ onSuccess: () => {} }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    const { mutate, mutateAsync } = result.current;
    await act(() => result.current.mutateAsync(winston));
    rerender();
    expect(result.current.mutate).toBe(mutate);
    expect(result.current.mutateAsync).toBe(mutateAsync);
  });

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

  it("useLead shows the created lead from the cache: one request in total, even with a client that could fetch it", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined); // a token in jsdom: the browser warning
    function Signup() {
      const create = useCreateLead();
      const { data: lead, fetchStatus } = useLead(create.data?.id);
      return (
        <div>
          <button type="button" onClick={() => create.mutate(winston)}>
            Sign up
          </button>
          <p>{lead ? `Thanks, ${lead.name} (${lead.id}, ${fetchStatus})` : `no lead (${fetchStatus})`}</p>
        </div>
      );
    }
    // A server client (token): without the cache write, or with a stale entry, useLead would send a GET.
    const client = backend.serverClient();
    const getLead = vi.spyOn(client, "getLead");
    const { container } = render(<Signup />, { wrapper: backend.wrapper(client) });
    const message = (): string | null | undefined => container.querySelector("p")?.textContent;
    expect(message()).toBe("no lead (idle)");
    act(() => screen.getByRole("button", { name: "Sign up" }).click());
    await screen.findByText(/^Thanks, Winston Smith/);
    // The effects of that render have run (findByText waits in act()): a GET would be under way by now.
    expect(message()).toBe(`Thanks, Winston Smith (${backend.fake.leads[0]!.id}, idle)`);
    expect(backend.queryClient.isFetching()).toBe(0);
    expect(getLead).not.toHaveBeenCalled();
    expect(backend.fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /contacts"]);
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

  it("different inputs are separate leads; with the window off, so is the same input once the first settled", async () => {
    const { result } = renderHook(() => useCreateLead({ dedupeWindowMs: 0 }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    await act(() =>
      Promise.all([
        result.current.mutateAsync({ email: "a@example.com" }),
        result.current.mutateAsync({ email: "b@example.com" }),
      ]),
    );
    await act(() => result.current.mutateAsync({ email: "a@example.com" }));
    expect(backend.fake.leads.map((lead) => lead.body.email)).toEqual([
      "a@example.com",
      "b@example.com",
      "a@example.com",
    ]);
  });

  it("calls the caller's onSuccess, onError and onSettled once each, after the cache holds the lead", async () => {
    const seenInCache: unknown[] = [];
    const onSuccess = vi.fn((lead: Contact) => {
      seenInCache.push(backend.queryClient.getQueryData(leadKeys.detail(lead.id)));
    });
    const onError = vi.fn();
    const onSettled = vi.fn();
    const onMutate = vi.fn(() => "optimistic");
    const { result } = renderHook(
      () => useCreateLead({ onSuccess, onError, onSettled, onMutate, meta: { form: "signup" } }),
      {
        wrapper: backend.wrapper(backend.browserClient()),
      },
    );
    const lead = await act(() => result.current.mutateAsync(winston));

    expect(onMutate).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]!.slice(0, 3)).toEqual([lead, submitted(winston), "optimistic"]);
    expect(seenInCache).toEqual([lead]);
    expect(onSettled).toHaveBeenCalledTimes(1);
    expect(onSettled.mock.calls[0]!.slice(0, 4)).toEqual([lead, null, submitted(winston), "optimistic"]);
    expect(onError).not.toHaveBeenCalled();
    expect(backend.queryClient.getMutationCache().getAll()[0]!.options.meta).toEqual({ form: "signup" });

    backend.fake.inject({ kind: "server-error", stored: false });
    await act(() => result.current.mutateAsync({ email: "x@example.com" }).catch(() => undefined));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(IntercomApiError);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSettled).toHaveBeenCalledTimes(2);
  });

  it("on a double submit each mutate is its own mutation: the hook's onSuccess runs once per mutate, with the same lead", async () => {
    const onSuccess = vi.fn();
    const { result } = renderHook(() => useCreateLead({ onSuccess }), {
      wrapper: backend.wrapper(backend.browserClient()),
    });
    await act(() => Promise.all([result.current.mutateAsync(winston), result.current.mutateAsync(winston)]));
    expect(backend.fake.requests).toHaveLength(1);
    expect(onSuccess).toHaveBeenCalledTimes(2);
    expect(onSuccess.mock.calls[0]![0]).toBe(onSuccess.mock.calls[1]![0]);
    expect(backend.queryClient.getMutationCache().getAll()).toHaveLength(2);
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

  it("under StrictMode, a mutate in an effect (which StrictMode runs twice) sends one request and stores one lead", async () => {
    const effects = vi.fn();
    function AutoSubmit() {
      const { mutate, data, status } = useCreateLead();
      useEffect(() => {
        effects();
        mutate(winston);
      }, [mutate]);
      return <p>{data ? `created ${data.id}` : status}</p>;
    }
    const wrapper = backend.wrapper(backend.browserClient());
    render(<StrictMode>{wrapper({ children: <AutoSubmit /> })}</StrictMode>);
    await screen.findByText(/^created /);
    expect(effects).toHaveBeenCalledTimes(2); // the double effect really happened
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
    expect(screen.getByRole("paragraph").textContent).toBe(`created ${backend.fake.leads[0]!.id}`);
  });

  it("shows its mutations to useMutationState through the stable key", async () => {
    const { result } = renderHook(
      () => ({
        create: useCreateLead(),
        states: useMutationState({ filters: { mutationKey: leadKeys.create }, select: (m) => m.state.status }),
      }),
      { wrapper: backend.wrapper(backend.browserClient()) },
    );
    await act(() => result.current.create.mutateAsync(winston));
    await waitFor(() => expect(result.current.states).toEqual(["success"]));
  });

  it("freezes the lead it caches: changing `data` cannot change the cache", async () => {
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    const lead = await act(() =>
      result.current.mutateAsync({ ...winston, custom_attributes: { marketing_consent: true } }),
    );
    const cached = backend.queryClient.getQueryData(leadKeys.detail(lead.id))!;
    expect(cached).toBe(lead);
    await waitFor(() => expect(result.current.data).toBe(lead));
    expect(Object.isFrozen(lead)).toBe(true);
    expect(Object.isFrozen(lead.custom_attributes)).toBe(true);
    expect(() => {
      (lead as { name: string | null }).name = "Someone else";
    }).toThrow(TypeError);
    expect(() => {
      lead.custom_attributes.marketing_consent = false;
    }).toThrow(TypeError);
    expect(backend.queryClient.getQueryData(leadKeys.detail(lead.id))).toEqual(backend.fake.leads[0]!.body);
    expect(cached.name).toBe("Winston Smith");
  });
});

describe("useCreateLead errors", () => {
  const backend = useBackend({ rateLimit: { limit: 10_000, windowMs: 1000 } });

  async function failWith(clientOptions: Parameters<typeof backend.browserClient>[0], input: object = winston) {
    const { result } = renderHook(() => useCreateLead(), {
      wrapper: backend.wrapper(backend.browserClient(clientOptions)),
    });
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

  it("IntercomApiError when Intercom fails after storing: the proxy's 502, maybeCreated, no request id, not retried", async () => {
    backend.fake.inject({ kind: "server-error", status: 503, stored: true });
    const error = await failWith({});
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 502, code: "upstream_unconfirmed", maybeCreated: true });
    // The proxy keeps Intercom's request id on the server.
    expect((error as IntercomApiError).requestId).toBeUndefined();
    expect(backend.fake.requests).toHaveLength(1);
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

  it("IntercomNetworkError when the proxy cannot be reached, nothing sent, the refusal in its cause", async () => {
    const { result } = renderHook(() => useCreateLead(), {
      wrapper: backend.wrapper(createIntercom({ baseUrl: `http://127.0.0.1:${await closedPort()}/api/intercom` })),
    });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error = result.current.error!;
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect(error.maybeCreated).toBe(false);
    // fetch's TypeError("fetch failed"), caused by the socket's refusal.
    expect(error.cause).toMatchObject({ name: "TypeError", cause: { code: "ECONNREFUSED" } });
    expect(backend.fake.requests).toHaveLength(0);
  });

  it("a failure is not remembered: the same input sent again is a new request", async () => {
    backend.fake.inject({ kind: "server-error", stored: false });
    const { result } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(backend.browserClient()) });
    await act(() => result.current.mutateAsync(winston).catch(() => undefined));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(IntercomApiError));
    const lead = await act(() => result.current.mutateAsync(winston));
    expect(lead.id).toBe(backend.fake.leads[0]!.id);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it("a caller's retry option is honoured, not dropped", async () => {
    // The first attempt fails in the page, before it leaves (a 5xx would make the proxy, which then holds the
    // submission's key as maybe created, look the lead up before creating it).
    let attempts = 0;
    const client = backend.browserClient({
      fetch: (request) => (++attempts === 1 ? Promise.reject(new TypeError("Failed to fetch")) : fetch(request)),
    });
    const { result } = renderHook(() => useCreateLead({ retry: 1, retryDelay: 0 }), {
      wrapper: backend.wrapper(client),
    });
    await act(() => result.current.mutateAsync(winston));
    expect(attempts).toBe(2);
    expect(backend.fake.requests).toHaveLength(1);
    expect(backend.fake.leads).toHaveLength(1);
  });
});
