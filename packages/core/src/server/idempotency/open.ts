import { loadOnDemand } from "../../client/load-on-demand.ts";
import { onFirstUse } from "../../client/on-first-use.ts";
import { PROXY_HEADERS } from "../../wire/proxy-headers.ts";
import type { GateOutcome } from "./gate.ts";
import { type IdempotencySettings, idempotencySettings, type LeadIdempotencyOptions } from "./options.ts";

/** What the handler asks of a request's `Idempotency-Key`; `undefined` when it has none (or keys are off). */
export type IdempotencyStep = (
  request: Request,
  input: Record<string, unknown>,
  cors: Record<string, string>,
) => Promise<GateOutcome | undefined>;

/**
 * The handler's idempotency step, its option checked now. Its code (and the default in-memory
 * store) is loaded with the first request that carries a key: a handler never sent one carries none of it.
 */
export function idempotencyStep(option: LeadIdempotencyOptions | false | undefined): IdempotencyStep {
  const settings: IdempotencySettings | undefined = idempotencySettings(option ?? {});
  const gate = onFirstUse(() =>
    loadOnDemand(import("./gate.ts"), "idempotency keys").then(({ createGate }) =>
      createGate(settings as IdempotencySettings),
    ),
  );
  return async (request, input, cors) => {
    const key = request.headers.get(PROXY_HEADERS.idempotencyKey);
    if (key === null || !settings) return;
    return (await gate())(key, input, cors, request.signal);
  };
}
