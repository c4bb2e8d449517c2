// Offline capture: a lead submission kept by TanStack's own persister (a sync storage persister on jsdom's
// localStorage) and restored into a fresh QueryClient, with no component mounted, is sent once, with its key.
import type { IntercomClient } from "@intercom-leads/core";
import { createSyncStoragePersister } from "@tanstack/query-sync-storage-persister";
import { onlineManager, QueryClient, useMutation } from "@tanstack/react-query";
import {
  type PersistedClient,
  type Persister,
  persistQueryClientRestore,
  persistQueryClientSave,
} from "@tanstack/react-query-persist-client";
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { createLeadMutationOptions, leadKeys, useCreateLead } from "../src/index.ts";
import { registerLeadMutationDefaults, usePendingLeads } from "../src/offline.ts";
import { useBackend } from "./support/fake-backend.tsx";
import { recordingClient, UUID } from "./support/recording-client.ts";

const winston = { email: "winstonsmith@truth.org", name: "Winston Smith", phone: "123987456" };
const STORAGE_KEY = "REACT_QUERY_OFFLINE_CACHE";

/** TanStack's sync storage persister on jsdom's localStorage, saving at once (no throttle). */
function storagePersister(): Persister {
  return createSyncStoragePersister({ storage: window.localStorage, throttleTime: 0 });
}

/** Saves the client's cache with the persister, and waits for it to reach storage. */
async function save(queryClient: QueryClient, persister: Persister): Promise<PersistedClient> {
  window.localStorage.removeItem(STORAGE_KEY);
  await persistQueryClientSave({ queryClient, persister });
  const stored = await waitFor(() => {
    const text = window.localStorage.getItem(STORAGE_KEY);
    if (!text) throw new Error("not saved yet");
    return text;
  });
  return JSON.parse(stored) as PersistedClient;
}

/** A page's fresh QueryClient after a reload: mounted (it follows the online state), with the lead defaults. */
function freshQueryClient(client: IntercomClient): QueryClient {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  registerLeadMutationDefaults(queryClient, client);
  queryClient.mount();
  onTestFinished(() => {
    queryClient.unmount();
    queryClient.clear();
  });
  return queryClient;
}

describe("offline capture", () => {
  const backend = useBackend();

  beforeEach(() => window.localStorage.clear());
  afterEach(() => onlineManager.setOnline(true));

  it("a submission paused offline, persisted and restored into a fresh QueryClient with nothing mounted, is sent once with its key", async () => {
    const before = recordingClient(backend);
    registerLeadMutationDefaults(backend.queryClient, before.client);
    onlineManager.setOnline(false);
    const { result, unmount } = renderHook(() => useCreateLead(), {
      wrapper: backend.wrapper(before.client),
    });
    act(() => result.current.mutate(winston));
    await waitFor(() => expect(result.current.isPaused).toBe(true));
    expect(result.current.isPending).toBe(true);

    const persister = storagePersister();
    const saved = await save(backend.queryClient, persister);
    expect(saved.clientState.mutations).toHaveLength(1);
    const [stored] = saved.clientState.mutations;
    expect(stored!.mutationKey).toEqual(leadKeys.create);
    expect(stored!.state).toMatchObject({ status: "pending", isPaused: true });
    const { idempotencyKey } = stored!.state.variables as { idempotencyKey: string };
    expect(stored!.state.variables).toEqual({ input: winston, idempotencyKey });
    expect(idempotencyKey).toMatch(UUID);
    // The page goes away: its form, its cache and its client.
    unmount();
    backend.queryClient.clear();

    const after = recordingClient(backend);
    const queryClient = freshQueryClient(after.client);
    await persistQueryClientRestore({ queryClient, persister });
    // Still offline: restored, and paused again.
    const [restored] = queryClient.getMutationCache().getAll();
    await waitFor(() => expect(restored!.state).toMatchObject({ status: "pending", isPaused: true }));
    expect(after.sent).toEqual([]);

    onlineManager.setOnline(true);
    await waitFor(() => expect(restored!.state.status).toBe("success"));
    expect(after.keys()).toEqual([idempotencyKey]);
    expect(before.sent).toEqual([]);
    expect(backend.fake.requests.map((request) => request.status)).toEqual([200]);
    expect(backend.fake.leads).toHaveLength(1);
    const lead = restored!.state.data as { id: string };
    expect(lead.id).toBe(backend.fake.leads[0]!.id);
    // The defaults' onSuccess cached it, as useCreateLead's does.
    expect(queryClient.getQueryData(leadKeys.detail(lead.id))).toBe(lead);
  });

  it("a submission in flight when the page closed is persisted too, and resent once with the same key", async () => {
    // The first page's request never gets an answer: the tab closes while the proxy holds it.
    const before = recordingClient(backend, () => new Promise<Response>(() => {}));
    registerLeadMutationDefaults(backend.queryClient, before.client);
    const { result, unmount } = renderHook(() => useCreateLead(), { wrapper: backend.wrapper(before.client) });
    act(() => result.current.mutate(winston, { verificationToken: "turnstile-token" }));
    await waitFor(() => expect(before.sent).toHaveLength(1));
    expect(result.current.isPaused).toBe(false);

    const persister = storagePersister();
    const saved = await save(backend.queryClient, persister);
    expect(saved.clientState.mutations.map((mutation) => mutation.state.status)).toEqual(["pending"]);
    const key = before.sent[0]!.key;
    expect(saved.clientState.mutations[0]!.state.variables).toEqual({
      input: winston,
      idempotencyKey: key,
      verificationToken: "turnstile-token",
    });
    unmount();
    backend.queryClient.clear();

    const after = recordingClient(backend);
    const queryClient = freshQueryClient(after.client);
    await persistQueryClientRestore({ queryClient, persister });
    const [restored] = queryClient.getMutationCache().getAll();
    await waitFor(() => expect(restored!.state.status).toBe("success"));
    expect(after.sent).toEqual([{ key, token: "turnstile-token", attribution: null }]);
    expect(backend.fake.leads).toHaveLength(1);
  });

  it("keeps TanStack's own choice for other mutations, and your predicate", async () => {
    const queryClient = backend.queryClient;
    queryClient.setDefaultOptions({
      dehydrate: { shouldDehydrateMutation: (mutation) => mutation.options.mutationKey?.[0] === "mine" },
    });
    registerLeadMutationDefaults(queryClient, backend.browserClient());
    const build = (key: string) =>
      queryClient
        .getMutationCache()
        .build(queryClient, { mutationKey: [key], mutationFn: () => new Promise(() => {}) });
    void build("mine").execute(undefined);
    void build("other").execute(undefined);
    const saved = await save(queryClient, storagePersister());
    expect(saved.clientState.mutations.map((mutation) => mutation.mutationKey)).toEqual([["mine"]]);
  });

  it("usePendingLeads lists paused submissions, a useCreateLead one and a plain input, until they are sent", async () => {
    const { client } = recordingClient(backend);
    registerLeadMutationDefaults(backend.queryClient, client);
    onlineManager.setOnline(false);
    function Pending() {
      const pending = usePendingLeads();
      return <p>{pending.length ? `Saved: ${pending.map((input) => input.email).join(", ")}` : "Nothing waiting"}</p>;
    }
    function Form() {
      const { mutate } = useCreateLead();
      const plain = useMutation(createLeadMutationOptions(client));
      return (
        <>
          <button type="button" onClick={() => mutate(winston)}>
            Submit
          </button>
          <button type="button" onClick={() => plain.mutate({ email: "julia@truth.org" })}>
            Submit plain
          </button>
        </>
      );
    }
    const Wrapper = backend.wrapper(client);
    render(
      <Wrapper>
        <Pending />
        <Form />
      </Wrapper>,
    );
    expect(screen.getByText("Nothing waiting")).toBeTruthy();
    act(() => screen.getByText("Submit").click());
    act(() => screen.getByText("Submit plain").click());
    expect(await screen.findByText("Saved: winstonsmith@truth.org, julia@truth.org")).toBeTruthy();
    expect(backend.fake.requests).toHaveLength(0);
    act(() => onlineManager.setOnline(true));
    expect(await screen.findByText("Nothing waiting")).toBeTruthy();
    await waitFor(() => expect(backend.fake.leads).toHaveLength(2));
  });
});
