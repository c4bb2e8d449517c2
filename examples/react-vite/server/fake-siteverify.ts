/**
 * A stand-in for Cloudflare Turnstile's `siteverify`, in this process: the demo's proxy checks
 * tokens with it, so the demo (and its test) never reaches Cloudflare. It answers as siteverify
 * does: `success: true` for the right secret and a token not seen before; `timeout-or-duplicate`
 * for a token used twice (tokens are single-use); Cloudflare's test token
 * `XXXX.DUMMY.TOKEN.XXXX` (what the real widget gives with Cloudflare's test site keys) always passes.
 */
export interface FakeSiteverify {
  /** `turnstile({ fetch })`: answers the verifier's POST to siteverify. */
  fetch: (request: Request) => Promise<Response>;
  /** Each token checked, in order, with whether it passed. */
  readonly checks: { token: string; success: boolean }[];
}

/** Cloudflare's always-passing test secret, the demo's default when no TURNSTILE_SECRET_KEY is set. */
export const TEST_SECRET_KEY = "1x0000000000000000000000000000000AA";

const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

export function createFakeSiteverify(secretKey: string): FakeSiteverify {
  const seen = new Set<string>();
  const checks: FakeSiteverify["checks"] = [];
  return {
    checks,
    fetch: async (request) => {
      const form = new URLSearchParams(await request.text());
      const token = form.get("response") ?? "";
      const errors =
        form.get("secret") !== secretKey
          ? ["invalid-input-secret"]
          : token === ""
            ? ["missing-input-response"]
            : seen.has(token) && token !== DUMMY_TOKEN
              ? ["timeout-or-duplicate"]
              : [];
      seen.add(token);
      checks.push({ token, success: errors.length === 0 });
      const answer = errors.length
        ? { success: false, "error-codes": errors, messages: [] }
        : { success: true, challenge_ts: new Date().toISOString(), hostname: "localhost", "error-codes": [] };
      return Response.json(answer);
    },
  };
}
