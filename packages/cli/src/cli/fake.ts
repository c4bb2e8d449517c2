import { EXIT_CODES } from "./exit-codes.ts";
import type { FakeFlags } from "./fake-flags.ts";

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function customAttributes(names: readonly string[] | undefined): string {
  if (names === undefined) return "any (every attribute a lead sends exists)";
  const defined = names.length === 0 ? "none" : names.join(", ");
  return `${defined}; others are refused until created (intercom-leads attributes ensure <names…>)`;
}

/**
 * `intercom-leads fake`: serves `@intercom-leads/testing`'s fake Intercom (and its `/__control/*` routes) until
 * SIGINT or SIGTERM, then closes it and resolves with 0.
 */
export async function fakeCommand(
  flags: FakeFlags,
  io: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream },
): Promise<number> {
  // Loaded only here: an import never needs the fake.
  const { serveFakeBackend } = await import("@intercom-leads/testing/node");
  let backend: Awaited<ReturnType<typeof serveFakeBackend>>;
  try {
    backend = await serveFakeBackend({
      port: flags.port,
      hostname: flags.host,
      fake: {
        ...(flags.rateLimit ? { rateLimit: flags.rateLimit } : {}),
        ...(flags.searchLag === undefined ? {} : { searchLagMs: flags.searchLag }),
        ...(flags.customAttributes === undefined ? {} : { customAttributes: flags.customAttributes }),
      },
    });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      const why = code === "EADDRINUSE" ? "is in use" : code === "EACCES" ? "is not allowed" : "is not available";
      io.stderr.write(`error: ${flags.host}:${flags.port} ${why}; pick another with --port (0 for any free one)\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }

  const rate = flags.rateLimit
    ? `${flags.rateLimit.limit} requests per ${seconds(flags.rateLimit.windowMs)}`
    : "Intercom's (1666 requests per 10s)";
  // Listening before the banner: whoever reads "Ctrl-C to stop" may press it at once.
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  io.stdout.write(
    [
      `fake Intercom: ${backend.url}`,
      `token: ${backend.token}`,
      `rate limit: ${rate}; search lag: ${seconds(flags.searchLag ?? 0)}`,
      `custom attributes: ${customAttributes(flags.customAttributes)}`,
      `try: intercom-leads import leads.csv --base-url ${backend.url} --token ${backend.token}`,
      "Ctrl-C to stop",
      "",
    ].join("\n"),
  );

  const signal = await stopped;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  await backend.close();
  const stored = backend.fake.leads.length;
  io.stdout.write(`${signal}: stopped (${stored} ${stored === 1 ? "lead" : "leads"} stored, now forgotten)\n`);
  return EXIT_CODES.ok;
}
