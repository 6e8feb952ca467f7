import { ConfigError, TransportError } from '@realtime-agents/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveKey } from './credentials.js';
import { validateOptions } from './options.js';

afterEach(() => vi.unstubAllGlobals());
const inBrowser = () => {
  vi.stubGlobal('window', {});
  vi.stubGlobal('document', {});
};

describe('validateOptions', () => {
  it('names unknown options and wrong types', () => {
    expect(() => validateOptions({ clientSecrets: 'ek_x' } as never)).toThrow(
      /clientSecrets: unknown option/,
    );
    expect(() => validateOptions({ connectTimeoutMs: -1 })).toThrow(ConfigError);
    expect(() => validateOptions({ iceServers: 'stun:x' as never })).toThrow(/iceServers/);
  });

  it('refuses a literal standard key in a browser unless dangerouslyAllowBrowser', () => {
    inBrowser();
    let error: unknown;
    try {
      validateOptions({ clientSecret: 'sk-live-123456789' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('insecure_key');
    expect((error as Error).message).toMatch(/ek_/);
    expect((error as Error).message).toMatch(/clientSecretHandler\(\) from @realtime-agents\/server/);
    expect((error as Error).message).not.toContain('sk-live-123456789');
    expect(() =>
      validateOptions({ clientSecret: 'sk-live-123456789', dangerouslyAllowBrowser: true }),
    ).not.toThrow();
    expect(() => validateOptions({ clientSecret: 'ek_abc' })).not.toThrow();
  });

  it('accepts a standard key outside browsers (tests, Node tools)', () => {
    expect(() => validateOptions({ apiKey: 'sk-test' })).not.toThrow();
  });
});

describe('resolveKey', () => {
  it('prefers clientSecret, then apiKey, then the runner key', async () => {
    expect(await resolveKey({ clientSecret: async () => 'ek_1', apiKey: 'sk-2' }, 'sk-3', false)).toBe(
      'ek_1',
    );
    expect(await resolveKey({ apiKey: 'sk-2' }, 'sk-3', false)).toBe('sk-2');
    expect(await resolveKey({}, 'sk-3', false)).toBe('sk-3');
  });

  it('refuses the runner standard key in a browser at connect time', async () => {
    inBrowser();
    await expect(resolveKey({}, 'sk-runner-key-1234', false)).rejects.toThrow(TransportError);
    await expect(resolveKey({}, 'sk-runner-key-1234', false)).rejects.toThrow(/the runner apiKey: sk-…1234/);
    expect(await resolveKey({}, 'sk-runner-key-1234', true)).toBe('sk-runner-key-1234');
  });

  it('explains a missing key and a failing or empty clientSecret function', async () => {
    await expect(resolveKey({}, undefined, false)).rejects.toThrow(/needs a key: pass clientSecret/);
    await expect(
      resolveKey({ clientSecret: () => Promise.reject(new Error('503')) }, undefined, false),
    ).rejects.toThrow(/clientSecret function failed: 503/);
    await expect(
      resolveKey({ clientSecret: async () => undefined as never }, undefined, false),
    ).rejects.toThrow(/"value" field/);
  });
});

describe('Azure api-key header', () => {
  it('authenticates with the api-key header (no Bearer) outside browsers or when allowed', async () => {
    expect(await resolveKey({}, undefined, false, { 'api-key': 'azure-key-123456' })).toBeNull();
    inBrowser();
    await expect(resolveKey({}, undefined, false, { 'API-Key': 'azure-key-123456' })).rejects.toThrow(
      /Azure api-key header: azu…3456/,
    );
    expect(await resolveKey({}, undefined, true, { 'api-key': 'azure-key-123456' })).toBeNull();
    // an explicit client secret wins over the header
    expect(await resolveKey({ clientSecret: 'ek_1' }, undefined, false, { 'api-key': 'x' })).toBe('ek_1');
  });
});

describe('outside a browser', () => {
  it('connect() explains that WebRTC needs a browser', async () => {
    const { webrtcTransport } = await import('./webrtc-transport.js');
    const t = webrtcTransport({ clientSecret: 'ek_1' });
    const noop = () => undefined;
    await expect(
      t.connect(
        { session: { type: 'realtime' }, model: 'gpt-realtime' },
        { message: noop, audio: noop, state: noop },
      ),
    ).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/websocketTransport/) });
    expect(() => t.send({ type: 'response.create' })).toThrow(/not connected/);
    expect(t.playback()).toBeNull();
    expect(t.stopPlayback()).toBeNull();
    t.mute(true);
    expect(t.muted).toBe(true);
    t.close();
  });
});
