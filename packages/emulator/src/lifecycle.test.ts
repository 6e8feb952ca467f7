/** startEmulator/close: loopback only, TLS, and no handle left open after close(). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmulator } from './emulator.js';
import { TestClient } from './test-support.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const handles = () => process.getActiveResourcesInfo().filter((h) => h !== 'TTYWrap' && h !== 'PipeWrap');
const count = (list: string[], kind: string) => list.filter((h) => h === kind).length;

describe('emulator lifecycle', () => {
  it('refuses non-loopback hosts', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow('binds loopback only');
  });

  it('close() ends sockets, responses, calls and timers, leaving no handle open', async () => {
    const before = handles();
    const emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 50 });
    expect(emu.baseUrl).toBe(`http://127.0.0.1:${emu.port}/v1`);
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    c.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'a long answer please, a long one' }],
      },
    });
    c.send({ type: 'response.create' });
    await c.waitFor('response.output_audio.delta');
    const { call_id } = (await (
      await fetch(`${emu.baseUrl.replace('/v1', '')}/emulator/sip/incoming`, { method: 'POST', body: '{}' })
    ).json()) as { call_id: string };
    await fetch(`${emu.baseUrl}/realtime/calls/${call_id}/accept`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-t' },
      body: '{"type":"realtime"}',
    });
    expect(emu.sessions.size).toBe(2);
    await emu.close();
    expect(await c.closed()).toBe(1006);
    expect(emu.sessions.size).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    const after = handles();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'])
      expect(count(after, kind), kind).toBeLessThanOrEqual(count(before, kind));
  });

  it('session expiry over WebSocket: session_expired error, then close 1001 with the same sentence', async () => {
    const emu = await startEmulator({ sessionMaxMs: 300, synthesizer: { engine: 'formant' } });
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    expect(await c.closed()).toBe(1001);
    const error = c.events.find((e) => e.type === 'error')!;
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'session_expired' });
    expect(c.closeReason).toBe(error.error.message);
    await emu.close();
  });

  it('serves wss:// with a runtime self-signed certificate', async () => {
    const emu = await startEmulator({ tls: true, synthesizer: { engine: 'formant' } });
    expect(emu.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    expect(emu.certificate).toContain('BEGIN CERTIFICATE');
    const ws = new WebSocket(`${emu.wsUrl}?model=gpt-realtime`, {
      headers: { authorization: 'Bearer sk-t' },
      ca: emu.certificate,
    });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first).type).toBe('session.created');
    ws.close();
    await emu.close();
  });

  it('onLog gets a line per session', async () => {
    const lines: string[] = [];
    const emu = await startEmulator({ synthesizer: { engine: 'formant' }, onLog: (l) => lines.push(l) });
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    const created = await c.waitFor('session.created');
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toContain(`session ${created.session.id} websocket model=gpt-realtime`);
    expect(lines).toContain(`session ${created.session.id} closed`);
    await emu.close();
  });

  it.skipIf(!existsSync(CLI))(
    'the built CLI prints its URLs, a line per session, and rejects bad flags',
    async () => {
      const bad = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [CLI, '--bogus']);
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += d));
        p.on('close', (code) => resolve({ code, stderr }));
      });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('Usage: realtime-emulator');
      const proc = spawn(process.execPath, [CLI, '--port', '0']);
      let stdout = '';
      proc.stdout.on('data', (d) => (stdout += d));
      try {
        const wsUrl = await new Promise<string>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`no URL: ${stdout}`)), 10_000);
          proc.stdout.on('data', () => {
            const m = /WebSocket\s+(ws:\/\/\S+)/.exec(stdout);
            if (m) {
              clearTimeout(t);
              resolve(m[1]!);
            }
          });
        });
        expect(stdout).toContain('Realtime API emulator listening on http://127.0.0.1:');
        const c = await TestClient.connect(wsUrl);
        const created = await c.waitFor('session.created');
        await c.close();
        await new Promise((r) => setTimeout(r, 100));
        expect(stdout).toContain(`session ${created.session.id} websocket model=gpt-realtime`);
      } finally {
        proc.kill('SIGTERM');
      }
    },
  );
});
