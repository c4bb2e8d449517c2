/** An error answer in Intercom's own `error.list` shape, as the rest of the library answers. */
export function errorResponse(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ type: "error.list", errors: [{ code, message }] }, { status, headers });
}
