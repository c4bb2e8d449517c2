"use client";
import { type IntercomClient, IntercomConfigError } from "@intercom-leads/core";
import { createContext, type ReactElement, type ReactNode, useContext, useEffect } from "react";
import { warnIfTokenInBrowser } from "./token-warning.ts";

const IntercomClientContext = createContext<IntercomClient<any> | undefined>(undefined);

/** Props of `IntercomLeadsProvider`. */
export interface IntercomLeadsProviderProps {
  /** The client the hooks below use. In a browser: `createIntercom({ baseUrl: "/api/intercom" })`, without a token. */
  client: IntercomClient<any>;
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
  return <IntercomClientContext.Provider value={client}>{children}</IntercomClientContext.Provider>;
}

/** The client from the nearest `IntercomLeadsProvider`. Throws an `IntercomConfigError` when there is none. */
export function useIntercomClient<C extends IntercomClient<any> = IntercomClient>(): C {
  const client = useContext(IntercomClientContext);
  if (!client) throw new IntercomConfigError("No Intercom client: wrap your components in <IntercomLeadsProvider client={…}>");
  return client as C;
}
