/**
 * CORS for browser pages on other local origins (`http(s)://localhost|127.0.0.1|[::1]:<port>`): echo
 * the origin and the requested headers, expose `Location` (the WebRTC call id). Pages from any other
 * origin get no CORS headers, so a random website cannot drive the emulator through the browser.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** True for origins on this machine's loopback. */
export const isLocalOrigin = (origin: string): boolean => LOCAL_ORIGIN.test(origin);

/** Add CORS headers; returns true when the request was a preflight and has been answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && isLocalOrigin(origin);
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'Location');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader(
      'access-control-allow-headers',
      req.headers['access-control-request-headers'] ?? 'authorization, content-type, x-openai-agents-sdk',
    );
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}
