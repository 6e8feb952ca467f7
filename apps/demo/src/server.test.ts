// The demo's Node side: the backend (emulator or OpenAI) and the endpoints the page calls.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backendMiddleware, type DemoBackend, startBackend } from '../server/backend.mjs';

let backend: DemoBackend | null = null;
let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  await backend?.close();
  backend = null;
  server = null;
});

async function serve(b: DemoBackend): Promise<string> {
  const endpoints = backendMiddleware(b);
  server = createServer((req, res) => endpoints(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('demo backend', () => {
  it('without OPENAI_API_KEY: starts the emulator on loopback, /config says so, /session mints ek_ keys', async () => {
    backend = await startBackend({ env: {} });
    expect(backend.config).toMatchObject({ backend: 'emulator', model: 'gpt-realtime', faults: true });
    expect(backend.config.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const url = await serve(backend);
    expect(await (await fetch(`${url}/config`)).json()).toEqual(backend.config);
    const res = await fetch(`${url}/session`, { method: 'POST', headers: { origin: url } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body).value).toMatch(/^ek_/);
    expect(body).not.toMatch(/sk-/);
  });

  it('refuses other origins and other methods', async () => {
    backend = await startBackend({ env: {} });
    const url = await serve(backend);
    const foreign = await fetch(`${url}/session`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const get = await fetch(`${url}/session`, { headers: { origin: url } });
    expect(get.status).toBe(405);
  });

  it('with OPENAI_API_KEY: no emulator, /config names OpenAI and never the key', async () => {
    backend = await startBackend({ env: { OPENAI_API_KEY: 'sk-test-secret-123' } });
    expect(backend.emulator).toBeNull();
    expect(backend.config).toEqual({
      backend: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-realtime',
      faults: false,
      mcp: null,
    });
    const url = await serve(backend);
    expect(await (await fetch(`${url}/config`)).text()).not.toContain('sk-test-secret-123');
  });
});
