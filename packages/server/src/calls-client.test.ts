import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callsClient } from './calls-client.js';
import { OpenAIApiError } from './errors.js';
import { type FakeUpstream, openaiLike, startFakeUpstream } from './fake-upstream.test-helper.js';

const KEY = 'sk-calls-0123456789';
const CALL = 'rtc_ed9041dff02cee737443e210471948d3';
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(() => {
  upstream.requests.length = 0;
  upstream.setResponder(openaiLike);
  vi.unstubAllEnvs();
});

describe('callsClient', () => {
  it('accept POSTs the session config to /realtime/calls/{id}/accept with the standard key', async () => {
    const calls = callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl });
    await calls.accept(CALL, {
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You answer the phone.',
    });
    const [req] = upstream.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/v1/realtime/calls/${CALL}/accept`);
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers.accept).toBe('*/*');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You answer the phone.',
    });
  });

  it('reject sends {} by default and {status_code} when given', async () => {
    const calls = callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl });
    await calls.reject(CALL);
    await calls.reject(CALL, { statusCode: 486 });
    expect(upstream.requests.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      [`/v1/realtime/calls/${CALL}/reject`, {}],
      [`/v1/realtime/calls/${CALL}/reject`, { status_code: 486 }],
    ]);
  });

  it('refer sends target_uri and validates it', async () => {
    const calls = callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl });
    await calls.refer(CALL, 'tel:+14155550123');
    await calls.refer(CALL, 'sip:agent@example.com');
    expect(upstream.requests.map((r) => JSON.parse(r.body).target_uri)).toEqual([
      'tel:+14155550123',
      'sip:agent@example.com',
    ]);
    await expect(calls.refer(CALL, '+14155550123')).rejects.toThrow(/tel:\+1/);
    expect(upstream.requests).toHaveLength(2);
  });

  it('hangup POSTs with no body', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-hangup');
    await callsClient({ baseUrl: upstream.baseUrl }).hangup(CALL);
    const [req] = upstream.requests;
    expect(req?.path).toBe(`/v1/realtime/calls/${CALL}/hangup`);
    expect(req?.body).toBe('');
    expect(req?.headers['content-type']).toBeUndefined();
    expect(req?.headers.authorization).toBe('Bearer sk-env-hangup');
  });

  it('turns a 404 into call_not_found with the call id and the upstream message', async () => {
    upstream.setResponder(() => ({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: { type: 'invalid_request_error', message: 'Call not found', code: null },
      }),
    }));
    const error = (await callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl })
      .accept(CALL, { type: 'realtime' })
      .catch((e: unknown) => e)) as OpenAIApiError;
    expect(error).toBeInstanceOf(OpenAIApiError);
    expect(error.status).toBe(404);
    expect(error.code).toBe('call_not_found');
    expect(error.message).toContain('Call not found');
    expect(error.message).toContain(CALL);
    expect(error.message).toMatch(/hung up/);
  });

  it('passes other upstream errors through and never puts the key in the message', async () => {
    upstream.setResponder(() => ({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: { code: 'invalid_api_key', message: `Incorrect API key provided: ${KEY}` },
      }),
    }));
    const error = (await callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl })
      .hangup(CALL)
      .catch((e: unknown) => e)) as OpenAIApiError;
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain(KEY);
  });

  it('Azure: api-key header, /openai/v1 base, no Authorization', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const calls = callsClient({
      baseUrl: `${upstream.origin}/openai/v1`,
      extraHeaders: { 'api-key': 'az-key-1' },
    });
    await calls.accept(CALL, { type: 'realtime', model: 'my-deployment', instructions: 'Hi' });
    const [req] = upstream.requests;
    expect(req?.path).toBe(`/openai/v1/realtime/calls/${CALL}/accept`);
    expect(req?.headers['api-key']).toBe('az-key-1');
    expect(req?.headers.authorization).toBeUndefined();
  });

  it('encodes the call id and refuses an empty one', async () => {
    const calls = callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl });
    await calls.hangup('rtc_a/b?c');
    expect(upstream.requests[0]?.path).toBe('/v1/realtime/calls/rtc_a%2Fb%3Fc/hangup');
    await expect(calls.hangup('')).rejects.toThrow(/call id/);
  });

  it('requires a key, with a message that names OPENAI_API_KEY', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    await expect(callsClient({ baseUrl: upstream.baseUrl }).hangup(CALL)).rejects.toThrow(/OPENAI_API_KEY/);
    expect(upstream.requests).toHaveLength(0);
  });
});
