/**
 * Finding a WebSocket implementation and opening the socket, with handshake failures turned into
 * errors that say what the server answered.
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import { isBrowser, isNode } from '@realtime-agents/core/transport-kit';

/** The standard WebSocket constructor shape (browsers, `ws`, undici). `ws` also takes `{ headers }` third. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => WebSocket;

/**
 * Your own socket factory (`websocketTransport({ createWebSocket })`): a proxy, a socket with
 * custom TLS or agent, a test double. `headers` carries the credentials outside browsers (in
 * browsers they travel in `protocols`).
 * @example
 * createWebSocket: (url, protocols, { headers }) => new WS(url, protocols, { headers, agent: proxyAgent })
 */
export type CreateWebSocket = (
  url: string,
  protocols: string[],
  init: { headers: Record<string, string> },
) => WebSocket;

/** A resolved implementation and whether it can send handshake headers. */
export interface WebSocketImpl {
  create: CreateWebSocket;
  /** True for `ws` (Node): credentials go in headers; false: subprotocols. */
  headers: boolean;
}

const fromConstructor =
  (ctor: WebSocketConstructor, headers: boolean): CreateWebSocket =>
  (url, protocols, init) =>
    headers ? new ctor(url, protocols, init) : new ctor(url, protocols);

/**
 * A server's refusal of the WebSocket handshake (HTTP status instead of 101).
 * @example
 * catch (e) { if (e instanceof HandshakeError && e.status === 401) askForNewKey() }
 */
export class HandshakeError extends TransportError {
  /** HTTP status of the refusal (0 when the runtime does not expose it, as in browsers). */
  readonly status: number;
  /** The server's `error.message`, when the body carried one. */
  readonly serverMessage: string | undefined;
  constructor(status: number, message: string, serverMessage?: string) {
    super(status === 401 || status === 403 ? 'unauthorized' : 'handshake_failed', message);
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

let wsModule: Promise<WebSocketConstructor | null> | undefined;

/** `import('ws')` once; null when it is not installed. The specifier is hidden from bundlers. */
function importWs(): Promise<WebSocketConstructor | null> {
  wsModule ??= (async () => {
    try {
      // Built at run time so bundlers neither inline nor demand `ws` (an optional peer, Node only).
      const specifier = ['w', 's'].join('');
      const mod = (await import(/* @vite-ignore */ specifier)) as {
        default?: WebSocketConstructor;
        WebSocket?: WebSocketConstructor;
      };
      return mod.WebSocket ?? mod.default ?? null;
    } catch {
      return null;
    }
  })();
  return wsModule;
}

/**
 * Pick the WebSocket implementation: the one you pass; in Node the `ws` package (so credentials
 * can go in headers, needed for Azure's `api-key`), else a global `WebSocket` (subprotocol auth).
 * Throws `TransportError` `no_websocket` when there is none.
 */
export async function resolveWebSocket(
  custom?: WebSocketConstructor,
  create?: CreateWebSocket,
): Promise<WebSocketImpl> {
  if (create !== undefined && typeof create !== 'function')
    throw new TypeError(
      `websocketTransport({ createWebSocket }) must be a function (url, protocols, { headers }) => WebSocket, got ${typeof create}`,
    );
  if (create) return { create, headers: !isBrowser() };
  if (custom) return { create: fromConstructor(custom, !isBrowser()), headers: !isBrowser() };
  if (isNode()) {
    const ws = await importWs();
    if (ws) return { create: fromConstructor(ws, true), headers: true };
  }
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return { create: fromConstructor(global, false), headers: false };
  throw new TransportError(
    'no_websocket',
    'No WebSocket implementation: Node 20 has no global WebSocket. Install the ws package (npm i ws) or pass websocketTransport({ WebSocket }).',
  );
}

interface NodeLikeSocket {
  on?(
    event: 'unexpected-response',
    listener: (req: { destroy(): void }, res: NodeLikeResponse) => void,
  ): void;
}
interface NodeLikeResponse {
  statusCode?: number;
  statusMessage?: string;
  on(event: 'data', l: (chunk: Uint8Array | string) => void): void;
  on(event: 'end' | 'error' | 'close', l: () => void): void;
}

/** Options of {@link openSocket}. */
export interface OpenSocketOptions {
  impl: WebSocketImpl;
  url: string;
  protocols: string[];
  headers: Record<string, string>;
  /** Called once with the open socket or the handshake failure. */
  onOpen(socket: WebSocket): void;
  onFail(error: TransportError): void;
}

function serverMessageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m =
      typeof parsed.error === 'object' && parsed.error
        ? parsed.error.message
        : (parsed.error ?? parsed.message);
    return typeof m === 'string' ? m : undefined;
  } catch {
    const text = body.trim().slice(0, 300);
    return text || undefined;
  }
}

/**
 * Open a socket. Handshake refusals become `HandshakeError` (status and server message with `ws`;
 * browsers only report that it failed). Returns the socket so the caller can abort it (null when the
 * constructor threw; `onFail` was called then).
 */
export function openSocket(options: OpenSocketOptions): WebSocket | null {
  const { impl, url } = options;
  let settled = false;
  const fail = (e: TransportError) => {
    if (settled) return;
    settled = true;
    options.onFail(e);
  };
  let socket: WebSocket;
  try {
    socket = impl.create(url, options.protocols, { headers: options.headers });
    if (!socket || typeof socket.addEventListener !== 'function')
      throw new TypeError('createWebSocket() did not return a WebSocket');
  } catch (e) {
    // Never echo the protocols: they carry the key.
    fail(
      new TransportError(
        'connect_failed',
        `Could not open a WebSocket to ${url}: ${(e as Error)?.message ?? String(e)}`,
        { cause: e },
      ),
    );
    return null;
  }
  const nodeLike = socket as unknown as NodeLikeSocket;
  if (typeof nodeLike.on === 'function') {
    nodeLike.on('unexpected-response', (req, res) => {
      const status = res.statusCode ?? 0;
      let body = '';
      const finish = () => {
        const serverMessage = serverMessageOf(body);
        fail(
          new HandshakeError(
            status,
            `The server refused the WebSocket handshake to ${url} with HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${serverMessage ? `: ${serverMessage}` : ''}`,
            serverMessage,
          ),
        );
        req.destroy();
      };
      res.on('data', (c) => {
        if (body.length < 64 * 1024) body += typeof c === 'string' ? c : new TextDecoder().decode(c);
      });
      res.on('end', finish);
      res.on('error', finish);
    });
  }
  const onOpen = () => {
    if (settled) return;
    settled = true;
    cleanup();
    options.onOpen(socket);
  };
  const onError = () => {
    // Browsers give no detail; `close` (with its code) follows, wait for it briefly.
  };
  const onClose = (ev: CloseEvent) => {
    cleanup();
    fail(
      new HandshakeError(
        0,
        `The WebSocket to ${url} closed before opening (code ${ev.code}${ev.reason ? `, ${ev.reason}` : ''}). ` +
          'The server is unreachable or refused the handshake (a wrong or expired key gives HTTP 401; browsers do not show the status).',
      ),
    );
  };
  const cleanup = () => {
    socket.removeEventListener('open', onOpen);
    socket.removeEventListener('error', onError);
    socket.removeEventListener('close', onClose);
  };
  socket.addEventListener('open', onOpen);
  socket.addEventListener('error', onError);
  socket.addEventListener('close', onClose);
  return socket;
}
