import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { DEFAULT_BASE_URL, checkBaseUrl } from './base-url.js';

describe('checkBaseUrl', () => {
  it('defaults to the OpenAI base and keeps allowed schemes', () => {
    expect(checkBaseUrl(undefined, ['https:'], DEFAULT_BASE_URL)).toBe('https://api.openai.com/v1');
    expect(checkBaseUrl('ws://127.0.0.1:8080/v1', ['ws:', 'wss:'], 'x')).toBe('ws://127.0.0.1:8080/v1');
  });

  it('names the option, the value and a good example', () => {
    expect(() => checkBaseUrl('/v1', ['https:'], DEFAULT_BASE_URL)).toThrow(ConfigError);
    expect(() => checkBaseUrl('/v1', ['https:'], DEFAULT_BASE_URL)).toThrow(
      /absolute URL like https:\/\/api/,
    );
    expect(() => checkBaseUrl('ftp://x/v1', ['http:', 'https:'], DEFAULT_BASE_URL)).toThrow(
      /must use http\(s\) .*"ftp:"/,
    );
  });
});
