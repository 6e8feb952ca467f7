import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { keysPerMinute, MCP_SERVER_LABEL, startBackend } from './backend.mjs';

describe('POST /session key budget', () => {
  it('SESSION_KEYS_PER_MINUTE: 30 by default, a whole number ≥ 1 when set, a clear error otherwise', () => {
    expect(keysPerMinute(undefined)).toBe(30);
    expect(keysPerMinute('')).toBe(30);
    expect(keysPerMinute('600')).toBe(600);
    expect(() => keysPerMinute('0')).toThrow(/SESSION_KEYS_PER_MINUTE must be a whole number ≥ 1, got "0"/);
    expect(() => keysPerMinute('lots')).toThrow(/got "lots"/);
  });

  it('the emulator backend mints that many keys per address and minute, then answers 429', async () => {
    const backend = await startBackend({ env: { SESSION_KEYS_PER_MINUTE: '2' } });
    const server = createServer((req, res) => void backend.sessionHandler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/session`;
      const statuses: number[] = [];
      const origin = new URL(url).origin; // same-origin, as the page calls it
      for (let i = 0; i < 3; i++)
        statuses.push((await fetch(url, { method: 'POST', headers: { origin } })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      server.close();
      await backend.close();
    }
  });
});

describe('the demo MCP server', () => {
  it('runs beside the emulator on loopback, is in /config, lists its tools and stops with the backend', async () => {
    const backend = await startBackend({ env: {} });
    const mcp = backend.config.mcp!;
    try {
      expect(mcp.serverLabel).toBe(MCP_SERVER_LABEL);
      expect(mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const res = await fetch(mcp.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('"roll_dice"');
      expect(body).toContain('"delete_file"');
    } finally {
      await backend.close();
    }
    await expect(fetch(mcp.url, { method: 'POST' })).rejects.toThrow();
  });

  it('is not started against the real API, which could not reach it', async () => {
    const backend = await startBackend({ env: { OPENAI_API_KEY: 'sk-test-not-used' } });
    expect(backend.config.mcp).toBeNull();
    expect(backend.mcpServer).toBeNull();
    await backend.close();
  });
});
