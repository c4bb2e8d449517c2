import { IntercomConfigError } from "../../errors/intercom-config-error.ts";
import { PROXY_HEADERS } from "../../wire/proxy-headers.ts";
import { clientAddress } from "../rate-limit/client-address.ts";
import type { Verifier } from "./verifier.ts";

/** Cloudflare's server-side check of a Turnstile token. */
export const TURNSTILE_SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** Options of `turnstile()`. */
export interface TurnstileOptions {
  /** The widget's secret key (Cloudflare dashboard → Turnstile). Keep it on the server. */
  secretKey: string;
  /**
   * The `fetch` that reaches `siteverify`: a test double, or one through an outbound proxy.
   * @default globalThis.fetch
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * The hostname(s) the widget must have been solved on (siteverify's `hostname`). Checking it stops
   * a token solved on another site that uses your site key.
   * @default undefined (any hostname)
   */
  expectedHostname?: string | readonly string[];
  /**
   * The widget's `action` (set on the page with `data-action`) the token must carry, so a token
   * from another form of yours does not pass here.
   * @default undefined (any action)
   */
  expectedAction?: string;
  /**
   * How long to wait for `siteverify`, in milliseconds, retries included. A slower answer fails the check.
   * @default 5_000
   */
  timeoutMs?: number;
}

/** What `siteverify` answers (the fields checked here). */
interface SiteverifyAnswer {
  success?: unknown;
  hostname?: unknown;
  action?: unknown;
}

/** Cloudflare's limit on a token's length; a longer one is not a token. */
const MAX_TOKEN_LENGTH = 2048;

/** `work`, or the signal's reason once it aborts: a `fetch` that ignores the signal cannot hold the check. */
function beforeTimeout<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

/**
 * A `verify` check for `createLeadHandler` with Cloudflare Turnstile: it reads the widget's token from
 * the `X-Verification-Token` header and asks Cloudflare's `siteverify` whether it is good, for this
 * hostname and action. It fails closed: no token, a token over 2,048 characters, a refusal, a timeout,
 * a network error, an answer that is not JSON all answer `false` (403 `human_verification_failed`).
 * Tokens are single use: `siteverify` refuses one it has seen (`timeout-or-duplicate`), so a resend
 * needs a fresh token from the widget. A lost connection is retried once within `timeoutMs`, with the
 * same `idempotency_key`, which Cloudflare answers as the first time.
 *
 * @example
 * createLeadHandler({ token, allowedOrigins, verify: turnstile({ secretKey: env.TURNSTILE_SECRET, expectedHostname: "shop.example" }) });
 */
export function turnstile(options: TurnstileOptions): Verifier {
  const { secretKey, expectedAction, timeoutMs = 5_000 } = options;
  if (typeof secretKey !== "string" || secretKey === "")
    throw new IntercomConfigError("turnstile() needs secretKey, the widget's secret key");
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new IntercomConfigError("turnstile()'s timeoutMs must be a number of milliseconds > 0");
  const hostnames =
    options.expectedHostname === undefined
      ? undefined
      : typeof options.expectedHostname === "string"
        ? [options.expectedHostname]
        : options.expectedHostname;
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  return async (request) => {
    const token = request.headers.get(PROXY_HEADERS.verificationToken);
    if (!token || token.length > MAX_TOKEN_LENGTH) return false;
    const form = new URLSearchParams({ secret: secretKey, response: token, idempotency_key: crypto.randomUUID() });
    const address = clientAddress(request);
    if (address) form.set("remoteip", address);
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response | undefined;
    for (let attempt = 0; attempt < 2 && !response && !signal.aborted; attempt++) {
      try {
        const sent = send(new Request(TURNSTILE_SITEVERIFY_URL, { method: "POST", body: form, signal }));
        response = await beforeTimeout(sent, signal);
      } catch {
        // A lost connection: asked again once, with the same idempotency key, while time is left.
      }
    }
    let answer: SiteverifyAnswer;
    try {
      // An answer that is not a 2xx or not JSON (an outage page), or one cut by the timeout, is a refusal.
      if (!response?.ok) return false;
      answer = (await beforeTimeout(response.json(), signal)) as SiteverifyAnswer;
    } catch {
      return false;
    }
    return (
      typeof answer === "object" &&
      answer !== null &&
      answer.success === true &&
      (hostnames === undefined || hostnames.includes(answer.hostname as string)) &&
      (expectedAction === undefined || answer.action === expectedAction)
    );
  };
}
