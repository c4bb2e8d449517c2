/**
 * `@intercom-leads/react/offline`: lead submissions kept through a lost connection, a reload or a
 * closed tab, with TanStack's persister (`@tanstack/react-query-persist-client`), and sent once.
 * @module
 */
export { registerLeadMutationDefaults } from "./register-lead-mutation-defaults.ts";
export { usePendingLeads } from "./use-pending-leads.ts";
