/**
 * `realtime-emulator --record FILE`: a recording proxy on 127.0.0.1. Point your app at it instead
 * of the Realtime API (its base URL is printed); each WebSocket session is passed through to the
 * upstream API (`--upstream`, default the real one) unchanged — your key travels in the request,
 * never into the file — and every client and server event is appended to FILE as it passes
 * (audio payloads as their size). Other `/v1/*` requests (client secrets) are passed through too.
 * WebRTC media and events flow between the browser and the API end to end (DTLS), so a proxy
 * cannot see them: record WebRTC apps over WebSocket.
 * @module
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { applyCors } from '../server/cors.js';
import { type RecordedEvent, type RecordingHeader, recordable, safeUrl } from './recording.js';

/** Options of {@link startRecorder}. */
export interface RecorderOptions {
  /** Where to write the recording (truncated at start). */
  file: string;
  /** The API to record. @default 'https://api.openai.com/v1' */
  upstream?: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** One line per session, for humans. */
  onLog?: (line: string) => void;
}

/** A running recorder. */
export interface Recorder {
  /** `http://127.0.0.1:PORT/v1`: use it as your app's Realtime API base URL. */
  readonly baseUrl: string;
  readonly port: number;
  /** Sessions recorded so far. */
  readonly sessions: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/**
 * Start a recording proxy.
 * @example
 * const rec = await startRecorder({ file: 'bug.jsonl' });
 * // connect your app to rec.baseUrl, reproduce the bug, then:
 * await rec.close();
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = new URL((options.upstream ?? 'https://api.openai.com/v1').replace(/\/$/, ''));
  const upstreamPath = upstream.pathname; // '/v1'
  const header: RecordingHeader = {
    recording: 'realtime-agents',
    version: 1,
    upstream: safeUrl(upstream),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(options.file, `${JSON.stringify(header)}\n`);
  const write = (e: RecordedEvent) => appendFileSync(options.file, `${JSON.stringify(e)}\n`);
  const log = (line: string) => options.onLog?.(line);
  let sessions = 0;
  const open = new Set<WebSocket>();

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (applyCors(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/v1/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `The recorder serves /v1/*, not ${url.pathname}` } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (!HOP_BY_HOP.has(k) && k !== 'origin' && typeof v === 'string') headers[k] = v;
    try {
      const target = `${upstream.origin}${upstreamPath}${url.pathname.slice(3)}${url.search}`;
      const method = req.method ?? 'GET';
      const answer = await fetch(target, {
        method,
        headers,
        ...(method !== 'GET' && method !== 'HEAD' && { body: Buffer.concat(chunks) }),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.has(k) && k !== 'content-encoding' && !k.startsWith('access-control-')) out[k] = v;
      });
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `The recorder could not reach ${upstream.origin}: ${(error as Error).message}` },
        }),
      );
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.replace(/\/$/, '') !== '/v1/realtime') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const target = `${upstream.protocol === 'https:' ? 'wss' : 'ws'}://${upstream.host}${upstreamPath}/realtime${url.search}`;
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    for (const [k, v] of Object.entries(req.headers))
      if (k.startsWith('openai-') && typeof v === 'string') headers[k] = v;
    const up = new WebSocket(target, protocols.length ? protocols : undefined, { headers });
    let upgraded = false;
    // the app gave up before the upstream answered: so does the recorder
    socket.once('close', () => {
      if (!upgraded) up.terminate();
    });
    const refuse = (status: number, body: string) => {
      if (upgraded) return;
      socket.end(
        `HTTP/1.1 ${status} ${status === 502 ? 'Bad Gateway' : 'Upstream Refused'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    up.once('unexpected-response', (_r, upRes) => {
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => refuse(upRes.statusCode ?? 502, Buffer.concat(chunks).toString()));
    });
    up.on('error', (error) => {
      if (upgraded) log(`upstream error: ${error.message}`);
      else
        refuse(
          502,
          JSON.stringify({
            error: { message: `The recorder could not reach ${safeUrl(target)}: ${error.message}` },
          }),
        );
    });
    up.once('open', () => {
      if (socket.destroyed) {
        up.terminate();
        return;
      }
      upgraded = true;
      wss.handleUpgrade(req, socket, head, (client) => {
        client.on('error', (error) => log(`client error: ${error.message}`));
        const session = ++sessions;
        const started = Date.now();
        log(`session ${session} recording ${safeUrl(target)}`);
        open.add(client);
        open.add(up);
        const record = (from: 'client' | 'server', data: WebSocket.RawData) => {
          try {
            const event = JSON.parse(data.toString()) as Record<string, unknown>;
            write({
              session,
              t: Date.now() - started,
              from,
              event: recordable(event) as RecordedEvent['event'],
            });
          } catch {
            // not JSON: passed on, not recorded
          }
        };
        client.on('message', (data, binary) => {
          if (!binary) record('client', data);
          if (up.readyState === WebSocket.OPEN) up.send(data, { binary });
        });
        up.on('message', (data, binary) => {
          if (!binary) record('server', data);
          if (client.readyState === WebSocket.OPEN) client.send(data, { binary });
        });
        const closeBoth = (code: number, reason: Buffer) => {
          const c = code === 1005 || code === 1006 ? 1000 : code;
          for (const ws of [client, up]) if (ws.readyState === WebSocket.OPEN) ws.close(c, reason.toString());
          open.delete(client);
          open.delete(up);
        };
        client.on('close', closeBoth);
        up.on('close', (code, reason) => {
          log(`session ${session} ended`);
          closeBoth(code, reason);
        });
      });
    });
  });

  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    get sessions() {
      return sessions;
    },
    async close() {
      for (const ws of open) ws.terminate();
      wss.close();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
