import { render } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import { useBackend } from "./support/fake-backend.tsx";

// Alone in its file: the warning is once per page, and this file switches NODE_ENV.
// biome-ignore lint/correctness/useHookAtTopLevel: useBackend registers vitest hooks for the file; it is not a React hook.
const backend = useBackend();
const nodeEnv = process.env.NODE_ENV;

afterEach(() => {
  vi.unstubAllGlobals();
  process.env.NODE_ENV = nodeEnv;
});

it("prints nothing in a production build or without `process`, and still warns once the build is a development one", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  process.env.NODE_ENV = "production";
  render(<p>production</p>, { wrapper: backend.wrapper(backend.serverClient()) });
  expect(warn).not.toHaveBeenCalled();

  // An unbundled page, a Worker or Deno may have no `process` at all: that counts as production.
  vi.stubGlobal("process", undefined);
  const page = render(<p>no process</p>, { wrapper: backend.wrapper(backend.serverClient()) });
  vi.unstubAllGlobals();
  // Rendered in full: the missing `process` was caught, not thrown.
  expect(page.container.innerHTML).toBe("<p>no process</p>");
  expect(warn).not.toHaveBeenCalled();

  // The same page in development: the check above is what kept it quiet.
  process.env.NODE_ENV = "development";
  render(<p>development</p>, { wrapper: backend.wrapper(backend.serverClient()) });
  expect(warn).toHaveBeenCalledTimes(1);
});
