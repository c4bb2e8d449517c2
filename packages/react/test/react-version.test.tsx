import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import { version } from "react";
import { version as domVersion } from "react-dom";
import { expect, it } from "vitest";

// REACT_MAJOR is set by the project: "19" in "react" (the dev version), "18" in "react-18".
it("runs the React major its project names, with one React for react-dom, TanStack Query and Testing Library", () => {
  expect(process.env.REACT_MAJOR).toMatch(/^1[89]$/);
  expect(version.startsWith(`${process.env.REACT_MAJOR}.`)).toBe(true);
  expect(domVersion).toBe(version);
  const queryClient = new QueryClient();
  // A hook rendered by Testing Library reading TanStack's context works only when they share one React.
  const { result } = renderHook(() => useQueryClient(), {
    wrapper: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>,
  });
  expect(result.current).toBe(queryClient);
});
