import { IntercomLeadsProvider } from "@intercom-leads/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { intercom } from "./client.ts";

const queryClient = new QueryClient();

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
