/**
 * Test helper: a real HTTP server on 127.0.0.1 that plays the OpenAI API, records every request and
 * answers with a scriptable responder. Not part of the build.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export type Responder = (req: RecordedRequest) => FakeReply;

/** Mimics `POST /realtime/client_secrets` and the Calls endpoints. */
export const openaiLike: Responder = (req) => {
  if (req.method === 'POST' && req.path.endsWith('/realtime/client_secrets')) {
    const { session } = JSON.parse(req.body) as { session: Record<string, unknown> };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: 'ek_0123456789abcdef0123456789abcdef',
        expires_at: 1_900_000_000,
        session: { ...session, object: 'realtime.session', id: 'sess_fake', expires_at: 0 },
      }),
    };
  }
  if (req.method === 'POST' && /\/realtime\/calls\/[^/]+\/(accept|reject|refer|hangup)$/.test(req.path)) {
    return { status: 200 };
  }
  return {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      error: { type: 'invalid_request_error', code: null, message: `No route ${req.path}` },
    }),
  };
};

export async function startFakeUpstream(responder: Responder = openaiLike) {
  const requests: RecordedRequest[] = [];
  const state = { responder };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = state.responder(recorded);
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setResponder(next: Responder) {
      state.responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;
