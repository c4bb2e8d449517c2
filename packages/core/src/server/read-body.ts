/** Why a body could not be read. */
export type BodyProblem = "too_large" | "unreadable";

/**
 * Reads a request body as UTF-8 text, stopping as soon as it passes
 * `maxBytes`: an oversized body is refused without being read whole.
 */
export async function readBody(request: Request, maxBytes: number): Promise<string | BodyProblem> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return "too_large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return "too_large";
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch {
    // Invalid UTF-8, or a connection that broke mid-body.
    return "unreadable";
  }
}
