import { ConfigError } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { callIdFromLocation, callsUrl } from './endpoint.js';

describe('callsUrl', () => {
  it.each([
    [undefined, 'https://api.openai.com/v1/realtime/calls'],
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/realtime/calls'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1/realtime/calls'],
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1/realtime/calls'],
    [
      'https://proxy.example.com/openai/v1/realtime/calls',
      'https://proxy.example.com/openai/v1/realtime/calls',
    ],
    ['wss://api.openai.com/v1/realtime?model=gpt-realtime', 'https://api.openai.com/v1/realtime/calls'],
    ['ws://localhost:9000/v1/realtime', 'http://localhost:9000/v1/realtime/calls'],
    // Azure GA (protocol §1.5)
    ['https://res.openai.azure.com/openai/v1', 'https://res.openai.azure.com/openai/v1/realtime/calls'],
    ['https://res.openai.azure.com', 'https://res.openai.azure.com/openai/v1/realtime/calls'],
    [
      'wss://res.openai.azure.com/openai/v1/realtime?model=my-deployment',
      'https://res.openai.azure.com/openai/v1/realtime/calls',
    ],
    [
      'https://res.openai.azure.com/openai/v1?webrtcfilter=on',
      'https://res.openai.azure.com/openai/v1/realtime/calls?webrtcfilter=on',
    ],
    // Azure preview endpoint is used as given
    [
      'https://eastus2.realtimeapi-preview.ai.azure.com/v1/realtimertc?model=dep',
      'https://eastus2.realtimeapi-preview.ai.azure.com/v1/realtimertc?model=dep',
    ],
  ])('%s → %s', (base, expected) => {
    expect(callsUrl(base)).toBe(expected);
  });

  it('rejects relative and non-http URLs with a ConfigError naming baseUrl', () => {
    expect(() => callsUrl('/v1')).toThrow(ConfigError);
    expect(() => callsUrl('/v1')).toThrow(/baseUrl/);
    expect(() => callsUrl('ftp://x/v1')).toThrow(/http\(s\)/);
  });
});

describe('callIdFromLocation', () => {
  it('takes the last path segment', () => {
    expect(callIdFromLocation('/v1/realtime/calls/rtc_0123')).toBe('rtc_0123');
    expect(callIdFromLocation('https://x/v1/realtime/calls/rtc_u1_9c65/')).toBe('rtc_u1_9c65');
    expect(callIdFromLocation(null)).toBeNull();
    expect(callIdFromLocation('')).toBeNull();
  });
});
