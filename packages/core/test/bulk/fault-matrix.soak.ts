import { describe, it } from "vitest";
import { useFakeTime } from "../support/fake-time.ts";
import { expectExactlyOneLeadPerValidInput, runFaultSoak, SOAK_SEED } from "../support/fault-soak.ts";

// Not a *.test.ts file, so the main suite leaves it out: `pnpm test:soak` runs it (vitest.soak.config.ts).
// SOAK_SEED=<n> explores another seeded run; under fake time each replays exactly.
const seed = Number(process.env.SOAK_SEED) || SOAK_SEED;

describe("bulk fault soak, in-process under fake time", () => {
  useFakeTime();

  it(`1,000 inputs with every fault sprinkled through (seed ${seed}): exactly one lead per valid input`, async () => {
    expectExactlyOneLeadPerValidInput(await runFaultSoak({ inputs: 1000, seed }));
  }, 120_000);
});
