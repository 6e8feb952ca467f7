import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
