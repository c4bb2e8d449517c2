// Types of workerd.js, which stays JavaScript so `pnpm bench` can run it too.

/** Durable Object RPC needs 2024-04-03 or later; one date for every workerd test. */
export const WORKERD_COMPATIBILITY_DATE: "2026-04-01";

/** What a JSON answer is read from. */
export interface JsonResponse {
  readonly status: number;
  text(): Promise<string>;
}

/** A Miniflare's `dispatchFetch` or a Worker's `fetch`, as `postJson` calls it. */
export type Fetcher = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<JsonResponse>;

/** Miniflare's options for one module Worker running `script`, with `options` added; no nodejs_compat. */
export function moduleWorker<T extends object>(
  script: string,
  options?: T,
): { modules: true; script: string; compatibilityDate: string } & T;

/** A Worker's answer as parsed JSON; any status but 200 throws, naming `label` and quoting the body. */
export function jsonAnswer<T = unknown>(response: JsonResponse, label: string): Promise<T>;

/** POSTs `body` as JSON to `url` with `fetcher` and answers the parsed JSON, as `jsonAnswer` reads it. */
export function postJson<T = unknown>(fetcher: Fetcher, url: string, body: unknown): Promise<T>;
