// A stand-in for Turnstile's siteverify on 127.0.0.1, so the Worker's test never reaches Cloudflare.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A token the fake accepts (once: siteverify refuses a token it has seen). */
export const passingToken = (name: string): string => `pass-${name}`;

/** One siteverify call, as the form fields the verifier sent. */
export type SiteverifyCall = Record<string, string>;

export interface FakeSiteverify {
  readonly url: string;
  /** Every call so far, in order. */
  readonly calls: SiteverifyCall[];
  close(): Promise<void>;
}

/**
 * Answers like Cloudflare's siteverify: `success: true` (hostname `hostname`) for the right secret and
 * an unused `pass-…` token; otherwise `success: false` with Cloudflare's error code.
 */
export async function serveFakeSiteverify(secret: string, hostname: string): Promise<FakeSiteverify> {
  const calls: SiteverifyCall[] = [];
  const seen = new Set<string>();
  const server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const form = Object.fromEntries(new URLSearchParams(text));
    calls.push(form);
    const token = form.response ?? "";
    const errors =
      form.secret !== secret
        ? ["invalid-input-secret"]
        : !token.startsWith("pass-")
          ? ["invalid-input-response"]
          : seen.has(token)
            ? ["timeout-or-duplicate"]
            : [];
    seen.add(token);
    const answer = errors.length
      ? { success: false, "error-codes": errors, messages: [] }
      : { success: true, challenge_ts: new Date().toISOString(), hostname, action: "", cdata: "", "error-codes": [] };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
