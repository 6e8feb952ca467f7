import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { keysPerMinute, startBackend } from './backend.mjs';

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
