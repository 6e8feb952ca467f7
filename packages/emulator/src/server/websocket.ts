/**
 * `GET /v1/realtime` WebSocket upgrades (protocol §3): auth by header or subprotocol, the
 * `realtime` subprotocol answer, `?call_id=` sideband attach, per-connection faults.
 * @module
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SessionConfig } from '@realtime-agents/core';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EngineSession } from '../engine/contracts.js';
import type { EngineSessionImpl } from '../engine/session.js';
import { findFault } from '../faults.js';
import type { KeyStore } from './auth.js';
import { keyFromRequest } from './auth.js';
import { type HttpErrorBody, httpErrors } from './http-error.js';

/** What the upgrade handler needs from the emulator. */
export interface WebSocketHost {
  keys: KeyStore;
  faultsFor(req: IncomingMessage, url: URL): string[];
  createWebSocketSession(options: {
    model?: string;
    config?: SessionConfig;
    faults: string[];
  }): EngineSessionImpl;
  callSession(callId: string): EngineSession | undefined;
  /** A sideband socket attached to a call (the SIP caller starts talking). */
  callAttached?(callId: string): void;
  print(line: string): void;
}

const REALTIME_PATHS = new Set(['/v1/realtime', '/openai/v1/realtime', '/openai/realtime']);

function reject(socket: Duplex, status: number, error: HttpErrorBody): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Create the upgrade handler (attach it to the HTTP server's `upgrade` event). */
export function createUpgradeHandler(host: WebSocketHost) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 16 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : false),
  });
  const sockets = new Set<WebSocket>();

  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!REALTIME_PATHS.has(url.pathname))
      return reject(socket, 404, httpErrors.notFound(`GET ${url.pathname}`));
    const faults = host.faultsFor(req, url);
    if (findFault(faults, 'expired_key', '401')) return reject(socket, 401, httpErrors.expiredKey());
    if (findFault(faults, 'rate_limit', '429')) return reject(socket, 429, httpErrors.rateLimited());
    if (findFault(faults, '500')) return reject(socket, 500, httpErrors.serverError());
    const callId = url.searchParams.get('call_id');
    const auth = host.keys.check(keyFromRequest(req), !!callId);
    if (!auth.ok) return reject(socket, auth.status, auth.error);
    if (url.searchParams.get('intent') === 'transcription') {
      return reject(
        socket,
        400,
        httpErrors.invalidBody(
          'Transcription sessions (intent=transcription) are not supported by this emulator.',
          'intent',
        ),
      );
    }
    let session: EngineSession;
    let owned: EngineSessionImpl | null = null;
    if (callId) {
      const found = host.callSession(callId);
      if (!found) {
        return reject(socket, 404, {
          message: 'No session found for the provided call_id',
          type: 'invalid_request_error',
          code: 'call_id_not_found',
          param: '',
        });
      }
      session = found;
    } else {
      const config = auth.kind === 'ephemeral' ? auth.secret.session : undefined;
      const model = url.searchParams.get('model') ?? url.searchParams.get('deployment') ?? undefined;
      owned = host.createWebSocketSession({ model, config, faults });
      session = owned;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const send = (json: string) => {
        if (ws.readyState === ws.OPEN) ws.send(json);
      };
      const removeListener = session.addListener(send);
      const target = session as Partial<EngineSessionImpl>;
      const removeEnd = target.onEnd?.((code, reason) => {
        if (code === 1011) ws.terminate();
        else ws.close(code, reason.slice(0, 120));
      });
      ws.on('message', (data, isBinary) =>
        session.receive(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()),
      );
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        sockets.delete(ws);
        removeListener();
        removeEnd?.();
        if (owned) {
          owned.close();
          host.print(`session ${owned.id} closed`);
        }
      });
      if (owned) {
        host.print(
          `session ${owned.id} websocket model=${owned.session.model}${faults.length ? ` faults=${faults.join(',')}` : ''}`,
        );
        owned.start();
      } else {
        host.print(`sideband socket attached to call ${callId}`);
        target.greet?.(send);
        host.callAttached?.(callId!);
      }
    });
  };

  const close = (): void => {
    for (const ws of sockets) ws.terminate();
    sockets.clear();
    wss.close();
  };
  return { handle, close };
}
