/**
 * Runs `attempt` so that it falls inside one of the Rate Limiting binding's windows: workerd's binding
 * counts per fixed window of `periodSeconds` on the real clock (it cannot be faked), so a run that
 * straddles a boundary would see its count reset. Such a run (rare: a few ms out of 60 s) is run again,
 * with fresh keys, rather than waited out.
 */
export async function inOneWindow<T>(periodSeconds: number, attempt: () => Promise<T>): Promise<T> {
  const windowOf = () => Math.floor(Date.now() / (periodSeconds * 1000));
  for (let tries = 1; ; tries++) {
    const before = windowOf();
    const result = await attempt();
    if (windowOf() === before || tries === 3) return result;
  }
}
