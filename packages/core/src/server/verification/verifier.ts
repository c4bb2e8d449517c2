/**
 * A human check run on every lead before anything is sent to Intercom: `true` lets it through,
 * `false` refuses it with 403 `human_verification_failed`, a `Response` is answered as it is.
 * `turnstile()` is one; an hCaptcha or reCAPTCHA check fits the same shape. The widget's token
 * arrives in the `X-Verification-Token` header (`PROXY_HEADERS.verificationToken`), which a
 * browser's client sends with `createLead(input, { verificationToken })`.
 */
export type Verifier = (
  request: Request,
  input: Record<string, unknown>,
) => boolean | Response | Promise<boolean | Response>;
