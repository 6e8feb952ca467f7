import { ConfigError } from '@realtime-agents/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClientSecret } from './client-secret.js';
import { OpenAIApiError } from './errors.js';
import { type FakeUpstream, openaiLike, startFakeUpstream } from './fake-upstream.test-helper.js';

const KEY = 'sk-fake-secret-key';
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(() => {
  upstream.requests.length = 0;
  vi.unstubAllEnvs();
});

describe('createClientSecret', () => {
  it('POSTs the session and expiry to /realtime/client_secrets with the bearer key', async () => {
    const secret = await createClientSecret({
      apiKey: KEY,
      baseUrl: upstream.baseUrl,
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
      expiresAfter: 120,
    });
    expect(secret.value).toBe('ek_0123456789abcdef0123456789abcdef');
    expect(secret.expiresAt).toBe(1_900_000_000);
    expect(secret.session).toMatchObject({
      id: 'sess_fake',
      model: 'gpt-realtime',
      instructions: 'Be brief.',
    });
    const [req] = upstream.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v1/realtime/client_secrets');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
      expires_after: { anchor: 'created_at', seconds: 120 },
    });
  });

  it('reads OPENAI_API_KEY from the environment by default and omits expires_after when not given', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-123');
    await createClientSecret({ baseUrl: upstream.baseUrl + '/', session: { type: 'realtime' } });
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-from-env-123');
    expect(upstream.requests[0]?.path).toBe('/v1/realtime/client_secrets');
    expect(JSON.parse(upstream.requests[0]?.body ?? '')).toEqual({ session: { type: 'realtime' } });
  });

  it('explains how to set OPENAI_API_KEY when there is no key', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const error = await createClientSecret({
      baseUrl: upstream.baseUrl,
      session: { type: 'realtime' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'missing_api_key', option: 'apiKey' });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('Azure: api-key header, no Authorization, deployment as model, no OPENAI_API_KEY needed', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const secret = await createClientSecret({
      baseUrl: `${upstream.origin}/openai/v1`,
      extraHeaders: { 'api-key': 'azure-key-123' },
      session: { type: 'realtime', model: 'my-realtime-deployment' },
    });
    expect(secret.session).toMatchObject({ model: 'my-realtime-deployment' });
    const [req] = upstream.requests;
    expect(req?.path).toBe('/openai/v1/realtime/client_secrets');
    expect(req?.headers['api-key']).toBe('azure-key-123');
    expect(req?.headers.authorization).toBeUndefined();
  });

  it('passes the upstream status and error.message through, with the key redacted', async () => {
    upstream.setResponder(() => ({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.`,
          param: null,
        },
      }),
    }));
    try {
      const error = await createClientSecret({
        apiKey: KEY,
        baseUrl: upstream.baseUrl,
        session: { type: 'realtime' },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAIApiError);
      const apiError = error as OpenAIApiError;
      expect(apiError.status).toBe(401);
      expect(apiError.code).toBe('invalid_api_key');
      expect(apiError.type).toBe('invalid_request_error');
      expect(apiError.message).toMatch(/Incorrect API key provided/);
      expect(apiError.message).not.toContain(KEY);
      expect(apiError.upstreamMessage).not.toContain('0123456789SECRET');
    } finally {
      upstream.setResponder(openaiLike);
    }
  });

  it('reports a non-JSON upstream error body by status', async () => {
    upstream.setResponder(() => ({ status: 503, body: 'upstream overloaded' }));
    try {
      const error = (await createClientSecret({
        apiKey: KEY,
        baseUrl: upstream.baseUrl,
        session: { type: 'realtime' },
      }).catch((e: unknown) => e)) as OpenAIApiError;
      expect(error).toBeInstanceOf(OpenAIApiError);
      expect(error.status).toBe(503);
      expect(error.code).toBe('http_503');
      expect(error.message).toContain('upstream overloaded');
    } finally {
      upstream.setResponder(openaiLike);
    }
  });

  it('reports an unreachable upstream as 502 upstream_unreachable', async () => {
    const dead = await startFakeUpstream();
    await dead.close();
    const error = (await createClientSecret({
      apiKey: KEY,
      baseUrl: dead.baseUrl,
      session: { type: 'realtime' },
    }).catch((e: unknown) => e)) as OpenAIApiError;
    expect(error).toBeInstanceOf(OpenAIApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_unreachable');
    expect(error.message).toContain(dead.origin);
  });

  it('validates expiresAfter and session before calling upstream', async () => {
    await expect(
      createClientSecret({
        apiKey: KEY,
        baseUrl: upstream.baseUrl,
        session: { type: 'realtime' },
        expiresAfter: 5,
      }),
    ).rejects.toThrow(/10 to 7200/);
    await expect(
      createClientSecret({
        apiKey: KEY,
        baseUrl: upstream.baseUrl,
        session: { type: 'realtime' },
        expiresAfter: { seconds: 7201 },
      }),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(
      createClientSecret({ apiKey: KEY, baseUrl: upstream.baseUrl, session: { model: 'x' } as never }),
    ).rejects.toThrow(/type: 'realtime'/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const secret = await createClientSecret({
      apiKey: KEY,
      session: { type: 'realtime' },
      fetch: async (input) => {
        seen.push(String(input));
        return Response.json({ value: 'ek_x', expires_at: 1, session: { type: 'realtime' } });
      },
    });
    expect(seen).toEqual(['https://api.openai.com/v1/realtime/client_secrets']);
    expect(secret.value).toBe('ek_x');
  });
});
