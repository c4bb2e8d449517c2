"use client";
import { type AnyIntercomClient, type IntercomClient, IntercomConfigError } from "@intercom-leads/core";
import { createContext, createElement, type ReactElement, type ReactNode, useContext, useEffect } from "react";
import { warnIfTokenInBrowser } from "./token-warning.ts";

const IntercomClientContext = createContext<AnyIntercomClient | null>(null);

/**
 * Props of `IntercomLeadsProvider`. Create the client once (at module level, or in `useState`),
 * not inline on every render: double-submit sharing is per client, so a new client each render
 * would defeat it.
 */
export interface IntercomLeadsProviderProps {
  /**
   * The client the hooks below use. In a browser: `createIntercom({ baseUrl: "/api/intercom" })`,
   * without a token. In development builds, a client with a token used in a browser logs a warning once.
   */
  client: AnyIntercomClient;
  /** The components that use `useCreateLead`, `useLead` or `useIntercomClient`. */
  children?: ReactNode;
}

/**
 * Gives the hooks below it an Intercom client. Put it inside your `QueryClientProvider`.
 *
 * @example
 * <QueryClientProvider client={queryClient}>
 *   <IntercomLeadsProvider client={intercom}><SignupForm /></IntercomLeadsProvider>
 * </QueryClientProvider>
 */
export function IntercomLeadsProvider({ client, children }: IntercomLeadsProviderProps): ReactElement {
  useEffect(() => warnIfTokenInBrowser(client), [client]);
  // createElement rather than JSX: the "react" import is there already, "react/jsx-runtime" would be one more.
  return createElement(IntercomClientContext.Provider, { value: client }, children);
}

/**
 * The client from the nearest `IntercomLeadsProvider`. Throws an `IntercomConfigError` when there is none.
 * The type argument only asserts the client's type: `useIntercomClient<IntercomClient<"1.4">>()`.
 */
export function useIntercomClient<C extends AnyIntercomClient = IntercomClient>(): C {
  const client = useContext(IntercomClientContext);
  if (!client)
    throw new IntercomConfigError("No Intercom client: wrap your components in <IntercomLeadsProvider client={…}>");
  return client as C;
}
