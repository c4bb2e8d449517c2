import type { Contact } from "@intercom-leads/core";
import { createFakeIntercom, type FakeIntercom, type FakeIntercomOptions } from "@intercom-leads/testing";
import { serveFakeIntercom } from "@intercom-leads/testing/node";

/**
 * A fake Intercom on a loopback port that tells the test what reaches it, so a test waits for the
 * request it means instead of polling or sleeping.
 */
export interface ObservedFake {
  readonly fake: FakeIntercom;
  /** The server's origin: the command's `--base-url`. */
  readonly url: string;
  /** Resolves once `condition` holds: checked at once, then each time the fake has handled a request. */
  until(condition: (fake: FakeIntercom) => boolean): Promise<void>;
  /**
   * Lets the next `count` creates through to the fake, which stores them, then holds back their
   * answers: Intercom has the leads, the command has not heard. Resolves with the held leads once
   * all `count` are held. A held answer is dropped when its client goes away (a killed command).
   */
  holdCreates(count: number): Promise<Contact[]>;
  /** Sends every held answer, and holds no more. */
  release(): void;
  close(): Promise<void>;
}

function isCreate(request: Request): boolean {
  return request.method === "POST" && new URL(request.url).pathname === "/contacts";
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}

/** Serves a new fake Intercom (no rate limit unless asked) with hooks on what it handles. */
export async function serveObservedFake(options: FakeIntercomOptions = {}): Promise<ObservedFake> {
  const fake = createFakeIntercom({ rateLimit: false, ...options });
  const checks = new Set<() => void>();
  const notify = (): void => {
    for (const check of [...checks]) check();
  };
  let hold: { count: number; held: Contact[]; all: () => void; gate: Promise<void>; open: () => void } | undefined;

  const server = await serveFakeIntercom(async (request) => {
    let response: Response;
    try {
      response = await fake.fetch(request);
    } finally {
      notify();
    }
    const holding = hold;
    if (holding && holding.held.length < holding.count && isCreate(request) && response.ok) {
      holding.held.push((await response.clone().json()) as Contact);
      if (holding.held.length === holding.count) holding.all();
      await Promise.race([holding.gate, aborted(request.signal)]);
    }
    return response;
  });

  function release(): void {
    hold?.open();
    hold = undefined;
  }

  return {
    fake,
    url: server.url,
    until(condition) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (!condition(fake)) return;
          checks.delete(check);
          resolve();
        };
        checks.add(check);
        check();
      });
    },
    holdCreates(count) {
      if (hold) throw new Error("Answers are held already: release() them first");
      let all!: () => void;
      let open!: () => void;
      const full = new Promise<void>((resolve) => (all = resolve));
      const gate = new Promise<void>((resolve) => (open = resolve));
      const holding = { count, held: [] as Contact[], all, gate, open };
      hold = holding;
      return full.then(() => [...holding.held]);
    },
    release,
    async close() {
      release();
      await server.close();
    },
  };
}
