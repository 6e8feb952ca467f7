import { afterEach, describe, expect, it, vi } from 'vitest';
import { envApiKey, isBrowser, isNode } from './environment.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('environment', () => {
  it('Node is not a browser until a DOM appears (jsdom counts as a browser, for key safety)', () => {
    expect(isNode()).toBe(true);
    expect(isBrowser()).toBe(false);
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(isBrowser()).toBe(true);
  });

  it('a worker scope is a browser', () => {
    vi.stubGlobal('WorkerGlobalScope', class {});
    expect(isBrowser()).toBe(true);
  });

  it('reads OPENAI_API_KEY in Node, undefined when empty', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    expect(envApiKey()).toBe('sk-env');
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(envApiKey()).toBeUndefined();
  });
});
