import { createIntercom } from "@intercom-leads/core";
import { IntercomLeadsProvider } from "@intercom-leads/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";

const queryClient = new QueryClient();
// The browser's client has no token: it posts to the proxy on this page's own server.
const intercom = createIntercom({ baseUrl: "/api/intercom" });

const root = document.getElementById("root");
if (!root) throw new Error('index.html has no <div id="root">');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <IntercomLeadsProvider client={intercom}>
        <App />
      </IntercomLeadsProvider>
    </QueryClientProvider>
  </StrictMode>,
);
