import { render } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { useBackend } from "./support/fake-backend.tsx";

// Alone in its file: the warning is once per page, so no other test may trigger it first.
// biome-ignore lint/correctness/useHookAtTopLevel: useBackend registers vitest hooks for the file; it is not a React hook.
const backend = useBackend();

it("warns once in development when a client with a token runs in a browser, never for a proxy client", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  render(<p>proxy</p>, { wrapper: backend.wrapper(backend.browserClient()) });
  expect(warn).not.toHaveBeenCalled();
  render(<p>server</p>, { wrapper: backend.wrapper(backend.serverClient()) });
  // The second page still renders: the warning is only a warning.
  const again = render(<p>again</p>, { wrapper: backend.wrapper(backend.serverClient()) });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![0]).toMatch(/holds an access token and runs in a browser/);
  expect(again.container.innerHTML).toBe("<p>again</p>");
});
