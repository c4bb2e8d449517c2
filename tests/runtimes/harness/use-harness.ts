/** The set-up every runtime's test file shares: the built core, a harness started before and stopped after. */
import { afterAll, beforeAll } from "vitest";
import { checkCoreBuilt } from "./binaries.ts";
import { cleanup } from "./processes.ts";
import { type Harness, startHarness } from "./serve.ts";

/** Starts a harness for this file's tests; read `.current` inside a test. */
export function useHarness(options?: Parameters<typeof startHarness>[0]): { current: Harness } {
  const holder = {} as { current: Harness };
  beforeAll(async () => {
    checkCoreBuilt();
    holder.current = await startHarness(options);
  });
  afterAll(async () => {
    cleanup();
    await holder.current?.close();
  });
  return holder;
}
