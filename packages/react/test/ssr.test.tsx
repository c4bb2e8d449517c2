// @vitest-environment node
import { createIntercom } from "@intercom-leads/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { expect, it, vi } from "vitest";
import { IntercomLeadsProvider, useCreateLead, useLead } from "../src/index.ts";

function Form() {
  const { status } = useCreateLead();
  const { fetchStatus } = useLead(undefined);
  return <p>{`${status}/${fetchStatus}`}</p>;
}

it("renders on the server without a window, without requests and without the browser warning", () => {
  expect(typeof window).toBe("undefined");
  const fetch = vi.fn();
  const warn = vi.spyOn(console, "warn");
  const html = renderToString(
    <QueryClientProvider client={new QueryClient()}>
      <IntercomLeadsProvider client={createIntercom({ token: "server-side", baseUrl: "https://proxy.example", fetch })}>
        <Form />
      </IntercomLeadsProvider>
    </QueryClientProvider>,
  );
  expect(html).toBe("<p>idle/idle</p>");
  expect(fetch).not.toHaveBeenCalled();
  expect(warn).not.toHaveBeenCalled();
});

it("never warns outside a browser, even when called directly with a token", async () => {
  const { warnIfTokenInBrowser } = await import("../src/token-warning.ts");
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  warnIfTokenInBrowser(createIntercom({ token: "server-side", baseUrl: "https://proxy.example" }));
  expect(warn).not.toHaveBeenCalled();
});
