import type { FakeFault, FaultRoute } from "./types.ts";

/**
 * The `cause` of the `TypeError` that `fake.fetch` rejects with for a `drop-connection` fault,
 * shaped like the error Node puts there for a reset socket (`code: "ECONNRESET"`), so clients
 * classify it as they would a real one. `serveFakeIntercom` looks for it to reset the socket instead.
 */
export class FakeConnectionResetError extends Error {
  /** The same code as Node's socket error, which is what clients inspect. */
  readonly code: "ECONNRESET" = "ECONNRESET";
  /** As on Node's error: the reset was seen while reading the answer. */
  readonly syscall: "read" = "read";

  constructor() {
    super("read ECONNRESET");
    this.name = "FakeConnectionResetError";
  }
}

/** What `fetch` rejects with when a connection drops: undici's wording, with a reset as the cause. */
export function connectionDroppedError(): TypeError {
  return new TypeError("fetch failed", { cause: new FakeConnectionResetError() });
}

/** Whether `error` is the fake's dropped connection, which a server must turn into a reset socket. */
export function isFakeConnectionDrop(error: unknown): boolean {
  // By name, so a server from another copy of this package (or another realm) still resets the socket.
  const cause = (error as { cause?: { name?: unknown } } | null)?.cause;
  return (error as { name?: unknown } | null)?.name === "TypeError" && cause?.name === "FakeConnectionResetError";
}

/** Faults waiting for the requests of one route, first injected first served. */
export class FaultQueue {
  readonly #route: FaultRoute;
  #queue: FakeFault[] = [];

  constructor(route: FaultRoute) {
    this.#route = route;
  }

  /** Queues `fault` `times` times, refusing values that could only be a test's mistake. */
  push(fault: FakeFault, times: number): void {
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a whole number >= 1, got ${String(times)}`);
    // A lookup stores nothing, so a test asking for a stored one expects something that cannot happen.
    if (this.#route === "search" && "stored" in fault && fault.stored === true) {
      throw new RangeError(`a ${fault.kind} fault on the search route cannot be stored: searches store nothing`);
    }
    if (fault.kind === "server-error" && fault.status !== undefined) {
      if (!Number.isInteger(fault.status) || fault.status < 500 || fault.status > 599) {
        throw new RangeError(`server-error status must be 500-599, got ${String(fault.status)}`);
      }
    }
    if (fault.kind === "slow" && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
      throw new RangeError(`slow delayMs must be a number >= 0, got ${String(fault.delayMs)}`);
    }
    // A copy, so a test mutating its fault object later does not change what was queued.
    const queued = { ...fault };
    for (let i = 0; i < times; i++) this.#queue.push(queued);
  }

  /** The next fault, removed from the queue, or `undefined` when none is waiting. */
  take(): FakeFault | undefined {
    return this.#queue.shift();
  }

  /** Forgets every waiting fault. */
  clear(): void {
    this.#queue = [];
  }
}

/** The page a load balancer sends when Intercom's backend is unreachable: HTML, so JSON parsing must not be assumed. */
export function htmlBadGateway(): Response {
  const page =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
  return new Response(page, { status: 502, headers: { "content-type": "text/html" } });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts, as `fetch` does. */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
