import { ConfigError } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { realtimeUrl } from './url.js';

describe('realtimeUrl', () => {
  it('derives wss://…/v1/realtime?model= from the default OpenAI base', () => {
    expect(realtimeUrl(undefined, { model: 'gpt-realtime' })).toBe(
      'wss://api.openai.com/v1/realtime?model=gpt-realtime',
    );
  });

  it('maps http → ws and https → wss, tolerating a trailing slash', () => {
    expect(realtimeUrl('http://127.0.0.1:8787/v1/', { model: 'm' })).toBe(
      'ws://127.0.0.1:8787/v1/realtime?model=m',
    );
    expect(realtimeUrl('https://res.openai.azure.com/openai/v1', { model: 'my-deploy' })).toBe(
      'wss://res.openai.azure.com/openai/v1/realtime?model=my-deploy',
    );
  });

  it('keeps a full ws(s) URL and its query; adds model only when absent', () => {
    const preview =
      'wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-rt';
    expect(realtimeUrl(preview, { model: 'gpt-realtime' })).toBe(preview);
    expect(realtimeUrl('wss://res.openai.azure.com/openai/v1/realtime?model=dep', { model: 'other' })).toBe(
      'wss://res.openai.azure.com/openai/v1/realtime?model=dep',
    );
    expect(realtimeUrl('wss://proxy.example/realtime', { model: 'gpt-realtime' })).toBe(
      'wss://proxy.example/realtime?model=gpt-realtime',
    );
  });

  it('attaches by call_id without a model', () => {
    expect(realtimeUrl('https://api.openai.com/v1', { model: 'gpt-realtime', callId: 'rtc_1' })).toBe(
      'wss://api.openai.com/v1/realtime?call_id=rtc_1',
    );
  });

  it('refuses other schemes and relative URLs with a ConfigError naming baseUrl', () => {
    for (const bad of ['ftp://x/v1', '/v1', 'api.openai.com/v1']) {
      let err: unknown;
      try {
        realtimeUrl(bad, { model: 'm' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).option).toBe('baseUrl');
      expect((err as Error).message).toContain(JSON.stringify(bad).slice(1, 4));
    }
  });
});
