// The Worker that holds the governor object, as a user's would: the class exported, nothing else to
// serve. Two broken stand-ins beside it, for the fallback: one that throws, one that never answers.
import { DurableObject } from "cloudflare:workers";

export { IntercomRateGovernor } from "../../src/index.ts";

/** Stands for an object that cannot be reached: every call throws. */
export class ThrowingGovernor extends DurableObject {
  acquire(): never {
    throw new Error("governor object unreachable");
  }
}

/** Stands for an object that is overloaded: no call is ever answered. */
export class SilentGovernor extends DurableObject {
  acquire(): Promise<never> {
    return new Promise(() => {});
  }
}

export default {
  fetch(): Response {
    return new Response("governor", { status: 404 });
  },
};
