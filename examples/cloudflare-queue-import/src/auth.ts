const encoder = new TextEncoder();

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}

/**
 * Whether the request carries `Authorization: Bearer <secret>`. Compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the secret's length nor its content leaks through timing.
 */
export async function hasBearer(request: Request, secret: string | undefined): Promise<boolean> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1] || !secret) return false;
  const [given, expected] = await Promise.all([digest(match[1]), digest(secret)]);
  return crypto.subtle.timingSafeEqual(given, expected);
}

/** SHA-256 of `text`, hex: the fingerprint a claim is made for. */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(await digest(text));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
