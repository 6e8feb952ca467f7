/** JSON responses in the API's error envelope (protocol §10): `{ error: { type, code, message, param } }`. */
export function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

/** An error answer a browser can show: `type` is `invalid_request_error` below 500, else `server_error`. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const type = status < 500 ? 'invalid_request_error' : 'server_error';
  return jsonResponse({ error: { type, code, message, param: null } }, status, headers);
}
