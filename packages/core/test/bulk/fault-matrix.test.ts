import { describe, it } from "vitest";
import { useFakeTime } from "../support/fake-time.ts";
import { expectExactlyOneLeadPerValidInput, runFaultSoak } from "../support/fault-soak.ts";

// The same generator as the 1,000-input soak (`pnpm test:soak`), small enough for every run.
describe("bulk fault matrix, in-process under fake time", () => {
  useFakeTime();

  it("200 inputs with every fault sprinkled through: exactly one lead per valid input", async () => {
    expectExactlyOneLeadPerValidInput(await runFaultSoak({ inputs: 200 }));
  });
});
