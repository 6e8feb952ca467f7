import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection as failure } from '../test/rejection.js';
import { resolveAuth } from './auth.js';

afterEach(() => vi.unstubAllEnvs());

describe('resolveAuth (Node, headers)', () => {
  it('sends Authorization: Bearer with the transport key before the runner key and the env', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    expect(
      await resolveAuth({ apiKey: 'sk-own', runnerApiKey: 'sk-runner', useHeaders: true, browser: false }),
    ).toEqual({ protocols: ['realtime'], headers: { Authorization: 'Bearer sk-own' } });
    expect(
      (await resolveAuth({ runnerApiKey: 'sk-runner', useHeaders: true, browser: false })).headers,
    ).toEqual({
      Authorization: 'Bearer sk-runner',
    });
    expect((await resolveAuth({ useHeaders: true, browser: false })).headers).toEqual({
      Authorization: 'Bearer sk-env',
    });
  });

  it('fetches a client secret from a function on every call', async () => {
    let n = 0;
    const clientSecret = async () => `ek_${++n}`;
    expect(
      (await resolveAuth({ clientSecret, useHeaders: true, browser: false })).headers.Authorization,
    ).toBe('Bearer ek_1');
    expect(
      (await resolveAuth({ clientSecret, useHeaders: true, browser: false })).headers.Authorization,
    ).toBe('Bearer ek_2');
  });

  it("Azure: extraHeaders' api-key authenticates alone, the env key is never added", async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-must-not-leak');
    const auth = await resolveAuth({
      extraHeaders: { 'api-key': 'azure-key' },
      useHeaders: true,
      browser: false,
    });
    expect(auth.headers).toEqual({ 'api-key': 'azure-key' });
  });

  it('no key anywhere → missing_key naming the ways to give one', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const e = await failure(resolveAuth({ useHeaders: true, browser: false }));
    expect(e.code).toBe('missing_key');
    expect(e.message).toMatch(/OPENAI_API_KEY/);
  });

  it('a throwing or empty client-secret function → client_secret_failed / missing_key', async () => {
    const e1 = await failure(
      resolveAuth({
        clientSecret: () => Promise.reject(new Error('HTTP 500 from /session')),
        useHeaders: true,
        browser: false,
      }),
    );
    expect(e1.code).toBe('client_secret_failed');
    expect(e1.message).toContain('HTTP 500 from /session');
    const e2 = await failure(resolveAuth({ clientSecret: async () => '', useHeaders: true, browser: false }));
    expect(e2.code).toBe('missing_key');
  });
});

describe('resolveAuth (browser, subprotocols)', () => {
  it('offers realtime + openai-insecure-api-key.<ek> and no headers', async () => {
    const auth = await resolveAuth({ clientSecret: 'ek_abc', useHeaders: false, browser: true });
    expect(auth).toEqual({ protocols: ['realtime', 'openai-insecure-api-key.ek_abc'], headers: {} });
  });

  it('refuses a standard key unless dangerouslyAllowBrowser, explaining ephemeral keys, without echoing the key', async () => {
    const e = await failure(resolveAuth({ apiKey: 'sk-secret-123', useHeaders: false, browser: true }));
    expect(e.code).toBe('insecure_key');
    expect(e.message).toMatch(/ephemeral/);
    expect(e.message).toMatch(/clientSecretHandler/);
    expect(e.message).not.toContain('sk-secret-123');
    const ok = await resolveAuth({
      apiKey: 'sk-x',
      useHeaders: false,
      browser: true,
      dangerouslyAllowBrowser: true,
    });
    expect(ok.protocols).toContain('openai-insecure-api-key.sk-x');
  });

  it('maps organization/project to subprotocols and refuses api-key headers it cannot send', async () => {
    const auth = await resolveAuth({
      clientSecret: 'ek_1',
      extraHeaders: { 'OpenAI-Organization': 'org_1', 'OpenAI-Project': 'proj_1' },
      useHeaders: false,
      browser: true,
    });
    expect(auth.protocols).toEqual([
      'realtime',
      'openai-insecure-api-key.ek_1',
      'openai-organization.org_1',
      'openai-project.proj_1',
    ]);
    const e = await failure(
      resolveAuth({
        clientSecret: 'ek_1',
        extraHeaders: { 'api-key': 'k' },
        useHeaders: false,
        browser: true,
      }),
    );
    expect(e.code).toBe('headers_unsupported');
  });
});
