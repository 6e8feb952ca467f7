/**
 * The HTTP routes of the emulator (protocol §0): client secrets, WebRTC calls (delegated to
 * `src/webrtc/`), the Calls API, the emulator-only SIP and log endpoints; CORS; Azure-style
 * `/openai/v1/...` paths with an `api-key` header.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallsContext } from '../engine/contracts.js';
import { mergeConfigs } from '../engine/session-config.js';
import { findFault } from '../faults.js';
import { keyFromRequest, type KeyStore } from './auth.js';
import {
  type CallsApiHost,
  handleCallAction,
  handleCallerHangup,
  handleSipIncoming,
  serveSipCall,
} from './calls-api.js';
import { handleClientSecrets } from './client-secrets.js';
import { applyCors } from './cors.js';
import type { EventLog } from './event-log.js';
import { httpErrors, sendError, sendJson } from './http-error.js';

/** The WebRTC half's `POST /v1/realtime/calls` handler. */
export type CallsHandler = (
  ctx: CallsContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => Promise<void>;

/** What the router needs from the emulator. */
export interface RouterHost extends CallsApiHost {
  keys: KeyStore;
  eventLog: EventLog;
  faultsFor(req: IncomingMessage, url: URL): string[];
  callsContext(faults: string[]): CallsContext;
  /** Live sessions by id, for `POST /emulator/sessions/{id}/drop`. */
  sessions: ReadonlyMap<string, { drop(): void }>;
  /** Null while the WebRTC module is unavailable (→ 501). */
  callsHandler(): Promise<CallsHandler | null>;
}

const MAX_BODY = 20 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `POST /emulator/sessions/{id}/drop`: cut a live session's connection as a network failure would. */
function dropSession(host: RouterHost, id: string, res: ServerResponse): void {
  const session = host.sessions.get(id);
  if (!session) {
    const live = [...host.sessions.keys()].join(', ') || 'none';
    sendError(res, 404, httpErrors.notFound(`session ${id} (live sessions: ${live})`));
    return;
  }
  session.drop();
  host.print(`session ${id} dropped on request`);
  sendJson(res, 200, { id, dropped: true });
}

/** Create the request handler. */
export function createRouter(host: RouterHost) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (applyCors(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/openai(?=\/v1\/)/, '').replace(/\/+$/, '');
      const method = req.method ?? 'GET';
      if (method === 'GET' && path === '/emulator/log') return serveLog(host, url, res);
      if (method === 'GET' && path === '/emulator/health') return sendJson(res, 200, { ok: true });
      const sipCall = /^\/emulator\/sip\/calls\/([^/]+)(\/recording)?$/.exec(path);
      if (method === 'GET' && sipCall) return serveSipCall(host, sipCall[1]!, !!sipCall[2], res);
      if (method !== 'POST') return sendError(res, 404, httpErrors.notFound(`${method} ${url.pathname}`));
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch {
        return sendError(res, 413, httpErrors.invalidBody('Request body too large (max 20 MB).'));
      }
      if (path === '/emulator/sip/incoming') return await handleSipIncoming(host, body, res);
      const callerHangup = /^\/emulator\/sip\/calls\/([^/]+)\/hangup$/.exec(path);
      if (callerHangup) return handleCallerHangup(host, callerHangup[1]!, res);
      const drop = /^\/emulator\/sessions\/([^/]+)\/drop$/.exec(path);
      if (drop) return dropSession(host, drop[1]!, res);
      if (!path.startsWith('/v1/')) return sendError(res, 404, httpErrors.notFound(`POST ${url.pathname}`));
      const faults = host.faultsFor(req, url);
      if (findFault(faults, 'expired_key', '401')) return sendError(res, 401, httpErrors.expiredKey());
      if (findFault(faults, 'rate_limit', '429')) return sendError(res, 429, httpErrors.rateLimited());
      const key = keyFromRequest(req);
      if (path === '/v1/realtime/client_secrets') {
        const auth = host.keys.check(key, true);
        if (!auth.ok) return sendError(res, auth.status, auth.error);
        return handleClientSecrets(host.keys, body, res);
      }
      if (path === '/v1/realtime/calls') {
        const auth = host.keys.check(key);
        if (!auth.ok) return sendError(res, auth.status, auth.error);
        const handler = await host.callsHandler();
        if (!handler)
          return sendError(res, 501, {
            message: 'WebRTC is not available in this build of the emulator.',
            type: 'server_error',
            param: null,
            code: 'not_implemented',
          });
        const ctx = host.callsContext(faults);
        if (auth.kind === 'ephemeral' && auth.secret.session) {
          const create = ctx.createSession;
          ctx.createSession = (o) => create({ ...o, config: mergeConfigs(auth.secret.session!, o.config) });
        }
        return await handler(ctx, req, res, body);
      }
      const m = /^\/v1\/realtime\/calls\/([^/]+)\/(accept|reject|refer|hangup)$/.exec(path);
      if (m) {
        const auth = host.keys.check(key, true);
        if (!auth.ok) return sendError(res, auth.status, auth.error);
        return await handleCallAction(host, m[1]!, m[2]!, body, res);
      }
      sendError(res, 404, httpErrors.notFound(`POST ${url.pathname}`));
    } catch (error) {
      host.print(`http error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        sendError(res, 500, {
          message: 'The emulator had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        });
      else res.end();
    }
  };
}

function serveLog(host: RouterHost, url: URL, res: ServerResponse) {
  const id = url.searchParams.get('session');
  if (!id) return sendJson(res, 200, { sessions: host.eventLog.sessionIds() });
  const sessionId = id.startsWith('rtc_') ? (host.calls.session(id)?.id ?? id) : id;
  const entries = host.eventLog.get(sessionId);
  if (!entries)
    return sendError(res, 404, {
      message: `No session '${id}'.`,
      type: 'invalid_request_error',
      param: 'session',
      code: 'session_not_found',
    });
  sendJson(res, 200, { session: sessionId, events: entries });
}
