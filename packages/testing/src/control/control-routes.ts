import type {
  FakeBackendRoute,
  FakeBackendRoutes,
  FakeControlInjection,
  FakeControlState,
  FakeControlTarget,
} from "./types.ts";

/** Where the control routes live: a path no Intercom route uses, so they can share the fake's origin. */
export const FAKE_CONTROL_PREFIX: "/__control/" = "/__control/";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

const OK: { readonly ok: true } = Object.freeze({ ok: true });

/** `route` for `method` only; anything else gets 405, so a GET typed for a POST fails loudly. */
function only(method: "GET" | "POST", route: FakeBackendRoute): FakeBackendRoute {
  return (request) =>
    request.method === method ? route(request) : json(405, { error: `use ${method}` }, { allow: method });
}

function stateOf(target: FakeControlTarget): FakeControlState {
  const requests = target.requests.map(({ at, method, path, status }) => ({
    at,
    method,
    path,
    status: status ?? null,
  }));
  return { leads: target.leads.length, statuses: requests.map((request) => request.status), requests };
}

async function inject(target: FakeControlTarget, request: Request): Promise<Response> {
  const usage = "inject takes a JSON body { fault: { kind, ... }, times?, route? }";
  let body: Partial<FakeControlInjection> | null;
  try {
    body = (await request.json()) as Partial<FakeControlInjection> | null;
  } catch {
    return json(400, { error: usage });
  }
  if (typeof body?.fault?.kind !== "string") return json(400, { error: usage });
  try {
    target.inject(body.fault, { times: body.times, route: body.route });
  } catch (error) {
    // The fake refuses faults that could only be a mistake; a caller in another process must hear why.
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
  return json(200, OK);
}

/**
 * The control routes of a fake, for tests and benchmarks that reach it only over HTTP (another process, another
 * runtime, a browser page), as a route table under `/__control/`:
 *
 * - `POST /__control/reset` → `{ "ok": true }`: `target.reset()`.
 * - `POST /__control/inject` with `{ fault, times?, route? }` → `{ "ok": true }`, or 400 `{ error }` for a body
 *   that names no fault or a fault the fake refuses.
 * - `GET /__control/state` → `FakeControlState`: leads held, statuses, and the request log.
 * - any other path below `/__control/` → 404 `{ error }`, so a mistyped route never reaches the fake's log.
 *
 * `serveFakeBackend` serves them; a server of your own can too, by path.
 */
export function createControlRoutes(target: FakeControlTarget): FakeBackendRoutes {
  return {
    [`${FAKE_CONTROL_PREFIX}reset`]: only("POST", () => {
      target.reset();
      return json(200, OK);
    }),
    [`${FAKE_CONTROL_PREFIX}inject`]: only("POST", (request) => inject(target, request)),
    [`${FAKE_CONTROL_PREFIX}state`]: only("GET", () => json(200, stateOf(target))),
    [FAKE_CONTROL_PREFIX]: (request) =>
      json(404, { error: `no control route ${request.method} ${new URL(request.url).pathname}` }),
  };
}
