/**
 * A standard fetch handler, `(request, info?) => Promise<Response>`: what a Worker's `fetch`,
 * `Deno.serve`, `Bun.serve`, Hono or a Next.js route handler takes, what the lead proxy is,
 * and what a client may send its requests through instead of `globalThis.fetch`.
 *
 * `info` is whatever the runtime passes beside the request, which is where the client's address
 * is: `Deno.serve` passes `{ remoteAddr: { hostname } }`, `Bun.serve` the server (`requestIP`),
 * a Worker its `env`, `toNodeListener` `{ remoteAddr: { hostname } }` as Deno does. Handlers that do
 * not need it ignore it; a client's `fetch` is only ever called with the request.
 */
export type FetchHandler = (request: Request, info?: object) => Promise<Response>;
