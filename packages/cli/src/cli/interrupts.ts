/**
 * Turns the first Ctrl-C (or SIGTERM) into an orderly stop: no more rows are read, the ones in
 * flight finish and are journaled, the summary is printed. A second one exits at once, which the
 * journal also survives (the next run looks up the rows that were in flight).
 */
export function stopOnSignals(
  controller: AbortController,
  display: { note(text: string): void; stop(): void },
): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      // Gives the terminal its cursor back before going.
      display.stop();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    display.note(
      `${signal}: finishing the rows in flight, then stopping (again to quit at once; the journal is safe either way)\n`,
    );
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
