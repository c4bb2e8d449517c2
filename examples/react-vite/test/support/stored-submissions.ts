import type { Page } from "playwright-core";

/** The demo's persister key in localStorage (src/main.tsx). */
const STORAGE_KEY = "intercom-leads-demo";

/** A lead submission as TanStack's persister keeps it for the page. */
export interface StoredSubmission {
  status: string;
  isPaused: boolean;
  email: string;
  idempotencyKey: string;
}

/** The lead submissions the page's persister holds in localStorage now. */
export async function storedSubmissions(page: Page): Promise<StoredSubmission[]> {
  const text = await page.evaluate((key) => window.localStorage.getItem(key), STORAGE_KEY);
  if (!text) return [];
  const { clientState } = JSON.parse(text) as {
    clientState: {
      mutations: {
        state: {
          status: string;
          isPaused: boolean;
          variables: { input: { email: string }; idempotencyKey: string };
        };
      }[];
    };
  };
  return clientState.mutations.map(({ state }) => ({
    status: state.status,
    isPaused: state.isPaused,
    email: state.variables.input.email,
    idempotencyKey: state.variables.idempotencyKey,
  }));
}
