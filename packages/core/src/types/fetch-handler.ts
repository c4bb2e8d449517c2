/**
 * A standard fetch handler, `(request) => Promise<Response>`: what a Worker's `fetch`,
 * `Deno.serve`, `Bun.serve`, Hono or a Next.js route handler takes, what the lead proxy is,
 * and what a client may send its requests through instead of `globalThis.fetch`.
 */
export type FetchHandler = (request: Request) => Promise<Response>;
