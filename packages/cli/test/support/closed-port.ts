import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback port nothing listens on: one that was free a moment ago. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
