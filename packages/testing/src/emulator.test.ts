import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestEmulator, useEmulator } from './emulator.js';

// A handle whose hooks never run, read at the top of the file as a user might by mistake.
const neverStarted = useEmulator({ beforeAll: () => undefined, afterAll: () => undefined });
const early = (() => {
  try {
    return neverStarted.baseUrl;
  } catch (e) {
    return (e as Error).message;
  }
})();

describe('useEmulator', () => {
  const emu = useEmulator({ beforeAll, afterAll }, { faults: [] });

  it('serves a real emulator on 127.0.0.1 on a free port', async () => {
    expect(emu.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(emu.current.port).toBeGreaterThan(0);
    const res = await fetch(`${emu.baseUrl}/realtime/client_secrets`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: string }).value).toMatch(/^ek_/);
  });

  it('says it is not started when read outside a test', () => {
    expect(early).toBe(
      'The emulator is not started yet: useEmulator() starts it in beforeAll, so read emu.baseUrl / emu.wsUrl inside a test or hook, not at the top of the file.',
    );
  });
});

describe('option checks', () => {
  it('useEmulator refuses an unknown option when called, before any hook runs', () => {
    let hooks = 0;
    const count = () => {
      hooks++;
    };
    expect(() => useEmulator({ beforeAll: count, afterAll: count }, { fault: ['drop'] } as never)).toThrow(
      /^useEmulator: unknown option "fault"; allowed: apiKey, script, brain, faults, /,
    );
    expect(hooks).toBe(0);
  });

  it('refuses an unknown option by name, listing the allowed ones', async () => {
    await expect(startTestEmulator({ scirpt: [] } as never)).rejects.toThrow(
      /startTestEmulator: unknown option "scirpt"; allowed: apiKey, script, brain, faults/,
    );
    await expect(startTestEmulator({ port: 8080 } as never)).rejects.toThrow(
      /unknown option "port".*always binds 127\.0\.0\.1 on a free port/,
    );
  });
});

describe('a recording as the script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'testing-recording-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // what `realtime-emulator --record` writes, cut to the bone: a header, then recorded events
  const line = (event: Record<string, unknown>, from = 'server') =>
    JSON.stringify({ session: 1, t: 0, from, event });
  const recording = [
    JSON.stringify({
      recording: 'realtime-agents',
      version: 1,
      upstream: 'https://api.openai.com/v1',
      startedAt: '',
    }),
    line({ type: 'session.created' }),
    line({ type: 'response.create' }, 'client'),
    line({
      type: 'response.done',
      response: {
        status: 'completed',
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Replayed answer.' }],
          },
        ],
      },
    }),
  ].join('\n');

  it('replays a recording file given as script (as emulatorScript does)', async () => {
    const file = join(dir, 'bug.jsonl');
    writeFileSync(file, `${recording}\n`);
    const emu = await startTestEmulator({ script: file });
    try {
      const ws = new WebSocket(`${emu.wsUrl}?model=gpt-realtime`, {
        headers: { authorization: 'Bearer sk-test' },
      });
      const done = new Promise<Record<string, unknown>>((resolve, reject) => {
        ws.on('message', (data) => {
          const event = JSON.parse(String(data)) as { type: string; response?: Record<string, unknown> };
          if (event.type === 'session.created')
            ws.send(
              JSON.stringify({
                type: 'session.update',
                session: { type: 'realtime', output_modalities: ['text'] },
              }),
            );
          if (event.type === 'session.updated') ws.send(JSON.stringify({ type: 'response.create' }));
          if (event.type === 'response.done') resolve(event.response!);
        });
        ws.on('error', reject);
      });
      expect(JSON.stringify((await done).output)).toContain('Replayed answer.');
      ws.close();
    } finally {
      await emu.close();
    }
  });

  it('a missing or damaged recording is refused naming the file and the problem', async () => {
    const missing = join(dir, 'missing.jsonl');
    await expect(startTestEmulator({ script: missing })).rejects.toThrow(
      `Cannot read the script ${missing}: no such file (ENOENT)`,
    );
    const damaged = join(dir, 'damaged.jsonl');
    writeFileSync(damaged, `${recording}\n{"session":1,"t":`);
    await expect(startTestEmulator({ script: damaged })).rejects.toThrow(
      `${damaged} line 5 is not JSON (the file may be cut short): {"session":1,"t":`,
    );
  });
});
