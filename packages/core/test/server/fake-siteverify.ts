import { type FakeIntercomServer, serveFakeIntercom } from "@intercom-leads/testing/node";
import { afterEach, beforeEach } from "vitest";

/** What a test page's widget "solved": the token, and what siteverify says of it. */
export interface FakeWidgetToken {
  hostname?: string;
  action?: string;
}

/** A fake of Cloudflare's siteverify on 127.0.0.1: tokens it issued pass once, as Cloudflare's do. */
export interface FakeSiteverify {
  readonly url: string;
  /** The forms it received, parsed. */
  readonly calls: Record<string, string>[];
  /** How it answers next: normally, never (to test timeouts), with a 500, or with HTML. */
  mode: "normal" | "hang" | "error" | "html";
  /** A token a widget solved for `hostname` (and `action`), good for one siteverify. */
  issue(token?: FakeWidgetToken): string;
  /** A `fetch` for `turnstile({ fetch })` that sends siteverify's requests here. */
  fetch(request: Request): Promise<Response>;
}

export const SECRET_KEY = "0x4AAAAAAA-test-secret";

/** Serves a fake siteverify around each test. */
export function useFakeSiteverify(): FakeSiteverify {
  let server: FakeIntercomServer | undefined;
  const issued = new Map<string, FakeWidgetToken & { used: boolean }>();
  const fake = {
    calls: [] as Record<string, string>[],
    mode: "normal",
    issue(token: FakeWidgetToken = {}) {
      const id = `XXXX.${crypto.randomUUID()}`;
      issued.set(id, { hostname: "shop.example", action: "lead", ...token, used: false });
      return id;
    },
    fetch(request: Request) {
      return globalThis.fetch(new Request(`${fake.url}/turnstile/v0/siteverify`, request));
    },
  } as FakeSiteverify & { url: string };

  async function siteverify(request: Request): Promise<Response> {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    fake.calls.push(form);
    if (fake.mode === "hang") return new Promise<Response>(() => {});
    if (fake.mode === "error") return new Response("upstream trouble", { status: 500 });
    if (fake.mode === "html")
      return new Response("<html>Just a moment…</html>", { headers: { "content-type": "text/html" } });
    const token = issued.get(form.response ?? "");
    if (form.secret !== SECRET_KEY) return Response.json({ success: false, "error-codes": ["invalid-input-secret"] });
    if (!token) return Response.json({ success: false, "error-codes": ["invalid-input-response"] });
    if (token.used) return Response.json({ success: false, "error-codes": ["timeout-or-duplicate"] });
    token.used = true;
    return Response.json({
      success: true,
      "error-codes": [],
      challenge_ts: new Date().toISOString(),
      hostname: token.hostname,
      action: token.action,
    });
  }

  beforeEach(async () => {
    issued.clear();
    fake.calls.length = 0;
    fake.mode = "normal";
    server = await serveFakeIntercom(siteverify);
    fake.url = server.url;
  });
  afterEach(async () => {
    await server?.close();
  });
  return fake;
}
