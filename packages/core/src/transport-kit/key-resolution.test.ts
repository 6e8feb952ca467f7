import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportError } from '../errors.js';
import { headerValue, type KeyInputs, resolveKey } from './key-resolution.js';
import { maskKey, readKey } from './key-source.js';

afterEach(() => vi.unstubAllEnvs());

const base: KeyInputs = { caller: 'testTransport', browser: false, missingHint: 'pass clientSecret.' };

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

describe('readKey', () => {
  it('trims, and tells a throwing function (client_secret_failed) from an empty key (missing_key)', async () => {
    expect(await readKey(async () => ' ek_1 ', 'clientSecret')).toBe('ek_1');
    const thrown = await failure(readKey(() => Promise.reject(new Error('HTTP 503')), 'clientSecret'));
    expect(thrown.code).toBe('client_secret_failed');
    expect(thrown.message).toMatch(/clientSecret function failed: HTTP 503/);
    const empty = await failure(readKey(async () => '', 'clientSecret'));
    expect(empty.code).toBe('missing_key');
    expect(empty.message).toMatch(/returned an empty string/);
  });

  it('never echoes what a function returned (it may hold the key)', async () => {
    const e = await failure(readKey(async () => ({ value: 'ek_secret' }) as never, 'clientSecret'));
    expect(e.message).toMatch(/returned an object/);
    expect(e.message).not.toContain('ek_secret');
  });

  it('masks keys', () => {
    expect(maskKey('sk-live-123456789')).toBe('sk-…6789');
    expect(maskKey('short')).toBe('***');
  });
});

describe('resolveKey', () => {
  it('orders clientSecret, apiKey, runner apiKey, then OPENAI_API_KEY when asked', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    expect(await resolveKey({ ...base, clientSecret: 'ek_1', apiKey: 'sk-2', runnerApiKey: 'sk-3' })).toEqual(
      {
        key: 'ek_1',
        from: 'clientSecret',
      },
    );
    expect(await resolveKey({ ...base, apiKey: 'sk-2', runnerApiKey: 'sk-3' })).toMatchObject({
      key: 'sk-2',
    });
    expect(await resolveKey({ ...base, runnerApiKey: 'sk-3' })).toMatchObject({ key: 'sk-3' });
    expect(await resolveKey({ ...base, useEnv: true })).toEqual({ key: 'sk-env', from: 'OPENAI_API_KEY' });
    expect((await failure(resolveKey(base))).code).toBe('missing_key');
  });

  it('an Azure api-key or Authorization header authenticates alone, and then the env key is not read', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    expect(await resolveKey({ ...base, useEnv: true, headers: { 'API-Key': 'azure' } })).toEqual({
      key: null,
      header: 'api-key',
    });
    expect(await resolveKey({ ...base, headers: { Authorization: 'Bearer x' } })).toEqual({
      key: null,
      header: 'authorization',
    });
  });

  it('in a browser refuses standard keys and credential headers (masked), unless allowed', async () => {
    const browser = { ...base, browser: true };
    const e = await failure(resolveKey({ ...browser, runnerApiKey: 'sk-runner-key-1234' }));
    expect(e.code).toBe('insecure_key');
    expect(e.message).toMatch(/testTransport refuses .*the runner apiKey: sk-…1234/);
    expect(e.message).toMatch(/clientSecretHandler\(\) from @realtime-agents\/server/);
    expect(e.message).not.toContain('sk-runner-key-1234');
    const h = await failure(resolveKey({ ...browser, headers: { 'api-key': 'azure-key-123456' } }));
    expect(h.message).toMatch(/Azure api-key header: azu…3456/);
    expect(await resolveKey({ ...browser, clientSecret: async () => 'ek_1' })).toMatchObject({ key: 'ek_1' });
    expect(await resolveKey({ ...browser, apiKey: 'sk-x', dangerouslyAllowBrowser: true })).toMatchObject({
      key: 'sk-x',
    });
  });

  it('finds headers in any case', () => {
    expect(headerValue({ 'OpenAI-Project': 'p' }, 'openai-project')).toBe('p');
    expect(headerValue(undefined, 'api-key')).toBeUndefined();
  });
});
