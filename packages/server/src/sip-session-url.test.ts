import { afterEach, describe, expect, it, vi } from 'vitest';
import { sipSessionUrl } from './sip-session-url.js';

afterEach(() => vi.unstubAllEnvs());

describe('sipSessionUrl', () => {
  it('defaults to wss://api.openai.com/v1/realtime?call_id= with the env key as a bearer header', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-1');
    expect(sipSessionUrl('rtc_123')).toEqual({
      url: 'wss://api.openai.com/v1/realtime?call_id=rtc_123',
      headers: { Authorization: 'Bearer sk-env-1' },
    });
  });

  it('accepts the base URL as a string (emulator: http → ws) and trailing slashes', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-2');
    expect(sipSessionUrl('rtc_1', 'http://127.0.0.1:8787/v1/').url).toBe(
      'ws://127.0.0.1:8787/v1/realtime?call_id=rtc_1',
    );
    expect(sipSessionUrl('rtc_1', 'wss://proxy.example/v1/realtime').url).toBe(
      'wss://proxy.example/v1/realtime?call_id=rtc_1',
    );
  });

  it('Azure: wss://{resource}.openai.azure.com/openai/v1/realtime?call_id= with the api-key header', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const { url, headers } = sipSessionUrl('rtc_9', {
      baseUrl: 'https://my-resource.openai.azure.com/openai/v1',
      extraHeaders: { 'api-key': 'az-1' },
    });
    expect(url).toBe('wss://my-resource.openai.azure.com/openai/v1/realtime?call_id=rtc_9');
    expect(headers).toEqual({ 'api-key': 'az-1' });
  });

  it('encodes the call id, and rejects a bad id, a bad scheme or a missing key', () => {
    expect(sipSessionUrl('rtc a&b', { apiKey: 'sk-1' }).url).toBe(
      'wss://api.openai.com/v1/realtime?call_id=rtc+a%26b',
    );
    expect(() => sipSessionUrl('', { apiKey: 'sk-1' })).toThrow(/call id/);
    expect(() => sipSessionUrl('rtc_1', { apiKey: 'sk-1', baseUrl: 'ftp://x/v1' })).toThrow(/baseUrl/);
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => sipSessionUrl('rtc_1')).toThrow(/OPENAI_API_KEY/);
  });
});
