import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createViteServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.test-helper.js';
import { viteSessionMiddleware } from './vite-plugin.js';

let upstream: FakeUpstream;
let vite: ViteDevServer;
let http: Server;
let root: string;
let base: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  root = await mkdtemp(join(tmpdir(), 'ra-server-vite-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  // Assignable to Vite's own Plugin type: checked by tsc on this file.
  const plugin: Plugin = viteSessionMiddleware({
    apiKey: 'sk-vite-test-123',
    baseUrl: upstream.baseUrl,
    session: { type: 'realtime', model: 'gpt-realtime', instructions: 'from vite' },
    allowedOrigins: ['http://localhost:5173'],
  });
  vite = await createViteServer({
    root,
    configFile: false,
    logLevel: 'silent',
    appType: 'spa',
    plugins: [plugin],
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  http = createHttpServer(vite.middlewares);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await vite.close();
  await upstream.close();
  await rm(root, { recursive: true, force: true });
});

describe('viteSessionMiddleware', () => {
  it('mints a key on POST /session through a real Vite dev server', async () => {
    const response = await fetch(`${base}/session`, { method: 'POST', headers: { origin: base } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: string; session: { instructions: string } };
    expect(body.value).toMatch(/^ek_/);
    expect(body.session.instructions).toBe('from vite');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-vite-test-123');
  });

  it('applies the handler rules (405, CORS preflight, foreign origin) on its path', async () => {
    expect((await fetch(`${base}/session`, { headers: { origin: base } })).status).toBe(405);
    const preflight = await fetch(`${base}/session`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await fetch(`${base}/session?x=1`, {
      method: 'POST',
      headers: { origin: 'http://evil.test' },
    });
    expect(foreign.status).toBe(403);
  });

  it('leaves every other path to Vite', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    const before = upstream.requests.length;
    await (await fetch(`${base}/sessions`, { method: 'POST', headers: { origin: base } })).arrayBuffer();
    expect(upstream.requests.length).toBe(before);
  });
});
