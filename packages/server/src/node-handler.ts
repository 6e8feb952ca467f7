/**
 * Adapter from a fetch-style handler to `node:http` (also Express/Connect middleware, Vite's dev server).
 * The only file of the package's core features that imports Node built-ins.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionInfo, FetchHandler } from './client-secret-handler.js';

/** A `node:http` request listener that also works as Connect middleware (`next` on failure). */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Options of `toNodeHandler`. */
export interface NodeHandlerOptions {
  /** Largest request body accepted, in bytes (413 above it). @default 65536 */
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Builds a WHATWG `Request` from a Node request (absolute URL from the Host header). */
export async function toRequest(req: IncomingMessage, maxBodyBytes = 65_536): Promise<Request> {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  const url = new URL(req.url ?? '/', `${encrypted ? 'https' : 'http'}://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? await readBody(req, maxBodyBytes) : null;
  return new Request(url, { method, headers, body: body && body.length > 0 ? body : null });
}

/** Writes a WHATWG `Response` to a Node response. */
export async function writeResponse(response: Response, res: ServerResponse, method = 'GET'): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = method === 'HEAD' || response.body === null ? null : Buffer.from(await response.arrayBuffer());
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body ?? undefined);
}

/**
 * Serves a fetch-style handler (e.g. `clientSecretHandler(...)`) with `node:http`. The socket's
 * address is passed on as `info.clientAddress` (used by the rate limit).
 * @example
 * import { createServer } from 'node:http';
 * const handler = clientSecretHandler({ session: { type: 'realtime', model: 'gpt-realtime' } });
 * createServer(toNodeHandler(handler)).listen(3000, '127.0.0.1');
 * // Express: app.post('/session', toNodeHandler(handler))
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  return async (req, res, next) => {
    try {
      let request: Request;
      try {
        request = await toRequest(req, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        const message = JSON.stringify({
          error: {
            type: 'invalid_request_error',
            code: 'body_too_large',
            message: 'Request body too large.',
            param: null,
          },
        });
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(message);
        return;
      }
      const info: ConnectionInfo = {};
      if (req.socket.remoteAddress) info.clientAddress = req.socket.remoteAddress;
      await writeResponse(await handler(request, info), res, request.method);
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    }
  };
}
