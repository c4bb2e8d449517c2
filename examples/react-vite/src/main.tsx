import { IntercomLeadsProvider } from "@intercom-leads/react";
import { registerLeadMutationDefaults } from "@intercom-leads/react/offline";
import { createSyncStoragePersister } from "@tanstack/query-sync-storage-persister";
import { QueryClient } from "@tanstack/react-query";
import { PersistQueryClientProvider } from "@tanstack/react-query-persist-client";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { intercom } from "./client.ts";

const queryClient = new QueryClient();
// Before the persister restores anything: a lead submission restored after a reload finds its
// mutation function here, with no form mounted, and is sent once the browser is online.
// The page shows the newest created lead from the mutation cache, so finished submissions stay there.
registerLeadMutationDefaults(queryClient, intercom, { gcTime: Number.POSITIVE_INFINITY });
// Lead submissions waiting for the network (or in flight when the tab closed) are kept in this
// browser's localStorage, with their idempotency keys, by TanStack's own persister.
const persister = createSyncStoragePersister({ storage: window.localStorage, key: "intercom-leads-demo" });

const root = document.getElementById("root");
if (!root) throw new Error('index.html has no <div id="root">');

createRoot(root).render(
  <StrictMode>
    <PersistQueryClientProvider
      client={queryClient}
      // Only mutations are kept: the demo's queries (which Intercom, the created leads) are read afresh.
      persistOptions={{ persister, dehydrateOptions: { shouldDehydrateQuery: () => false } }}
      onSuccess={() => queryClient.resumePausedMutations()}
    >
      <IntercomLeadsProvider client={intercom}>
        <App />
      </IntercomLeadsProvider>
    </PersistQueryClientProvider>
  </StrictMode>,
);
