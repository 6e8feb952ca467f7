/**
 * Which browser origins may call a handler, and the CORS headers they get.
 * @module
 */

/**
 * Allowed origins: a list of exact origins (`https://app.example.com`), `'*'` for any, or a predicate.
 * The page's own origin (same host as the request) is always allowed.
 */
export type AllowedOrigins = readonly string[] | '*' | ((origin: string) => boolean);

/** True when `origin` may use the endpoint `requestUrl`. */
export function isOriginAllowed(
  origin: string,
  requestUrl: string,
  allowed: AllowedOrigins | undefined,
): boolean {
  if (allowed === '*') return true;
  if (origin === new URL(requestUrl).origin) return true;
  if (typeof allowed === 'function') return allowed(origin);
  return (allowed ?? []).some((entry) => entry.replace(/\/+$/, '') === origin);
}

/** CORS headers for an allowed origin (echoed, never `*`, so credentials may be sent too). */
export function corsHeaders(origin: string | null, request?: Request): Record<string, string> {
  if (origin === null) return {};
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
  if (request?.method === 'OPTIONS') {
    headers['Access-Control-Allow-Methods'] = 'POST, OPTIONS';
    headers['Access-Control-Allow-Headers'] =
      request.headers.get('access-control-request-headers') ?? 'content-type';
    headers['Access-Control-Max-Age'] = '600';
  }
  return headers;
}
