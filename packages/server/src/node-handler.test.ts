import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientSecretHandler } from './client-secret-handler.js';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.test-helper.js';
import { type NodeHandler, toNodeHandler } from './node-handler.js';

const KEY = 'sk-fake-node-key';
let upstream: FakeUpstream;
const servers: Server[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(async () => {
  upstream.requests.length = 0;
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function listen(handler: NodeHandler): Promise<string> {
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler', () => {
  it('serves clientSecretHandler over a real node:http server', async () => {
    const base = await listen(
      toNodeHandler(
        clientSecretHandler({
          apiKey: KEY,
          baseUrl: upstream.baseUrl,
          session: { type: 'realtime', model: 'gpt-realtime' },
          allowedOrigins: ['http://localhost:5173'],
        }),
      ),
    );
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ session: { model: 'other' } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const body = (await response.json()) as { value: string; session: { model: string } };
    expect(body.value).toMatch(/^ek_/);
    expect(body.session.model).toBe('gpt-realtime');

    const denied = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { origin: 'http://evil.test' },
    });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('http://evil.test');
    // the page's own origin (Host header) is allowed
    const same = await fetch(`${base}/session`, { method: 'POST', headers: { origin: base } });
    expect(same.status).toBe(200);
  });

  it('rate-limits by socket address, ignoring a spoofed x-forwarded-for', async () => {
    const base = await listen(
      toNodeHandler(
        clientSecretHandler({
          apiKey: KEY,
          baseUrl: upstream.baseUrl,
          session: { type: 'realtime' },
          allowedOrigins: '*',
          rateLimit: { max: 2, windowMs: 60_000 },
        }),
      ),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(base, {
        method: 'POST',
        headers: { origin: 'http://a.test', 'x-forwarded-for': `10.0.0.${i}` },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      await r.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('passes method, URL, headers and body through and writes status, headers, cookies and body back', async () => {
    let seen: { method: string; url: string; header: string | null; body: string; info: unknown } | undefined;
    const base = await listen(
      toNodeHandler(async (request, info) => {
        seen = {
          method: request.method,
          url: request.url,
          header: request.headers.get('x-custom'),
          body: await request.text(),
          info,
        };
        const headers = new Headers({ 'content-type': 'text/plain', 'x-reply': 'yes' });
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response('created!', { status: 201, headers });
      }),
    );
    const response = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${base}/path?q=1`,
          { method: 'PUT', headers: { 'x-custom': 'v', 'content-type': 'text/plain' } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => {
              body += c.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end('hello body');
      },
    );
    expect(seen).toMatchObject({ method: 'PUT', url: `${base}/path?q=1`, header: 'v', body: 'hello body' });
    expect(seen?.info).toEqual({ clientAddress: '127.0.0.1' });
    expect(response.status).toBe(201);
    expect(response.headers['x-reply']).toBe('yes');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.headers['content-length']).toBe('8');
    expect(response.body).toBe('created!');
  });

  it('refuses bodies over maxBodyBytes with 413 and answers 500 when the handler throws', async () => {
    let called = false;
    const base = await listen(
      toNodeHandler(
        async () => {
          called = true;
          throw new Error('boom');
        },
        { maxBodyBytes: 16 },
      ),
    );
    const big = await fetch(base, { method: 'POST', body: 'x'.repeat(1000) });
    expect(big.status).toBe(413);
    expect(called).toBe(false);
    const failing = await fetch(base, { method: 'POST', body: 'small' });
    expect(failing.status).toBe(500);
    expect(called).toBe(true);
  });

  it('hands errors to next() when used as Connect middleware', async () => {
    const errors: unknown[] = [];
    const handle = toNodeHandler(async () => {
      throw new Error('middleware boom');
    });
    const server = createServer((req, res) => {
      void handle(req, res, (error) => {
        errors.push(error);
        res.writeHead(418).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(r.status).toBe(418);
    expect((errors[0] as Error).message).toBe('middleware boom');
  });
});
