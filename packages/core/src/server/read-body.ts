/**
 * Reads a request body as UTF-8 text, stopping as soon as it passes `maxBytes`
 * (`undefined` then): an oversized body is refused without being read whole.
 * Throws on invalid UTF-8 or a connection that broke mid-body.
 */
export async function readBody(request: Request, maxBytes: number): Promise<string | undefined> {
  if (Number(request.headers.get("content-length")) > maxBytes) return;
  const reader = request.body?.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
