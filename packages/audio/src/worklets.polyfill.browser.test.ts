// The audioworklet-polyfill path of loadWorklet(): Chromium has AudioWorklet, so the polyfill must
// never be fetched for a real context; for a context without `audioWorklet` the polyfill module is
// really imported (it installs nothing in a browser that has AudioWorkletNode) and the error names
// the problem. Test order matters: the first test runs before anything imports the polyfill.
import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.js';
import { loadWorklet } from './worklets.js';

/** Module fetches of the polyfill in this test page (Vite serves it as its own module). */
const polyfillFetches = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => n.includes('audioworklet-polyfill'));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('audioworklet-polyfill', () => {
  it('is never imported when the context has AudioWorklet', async () => {
    const ctx = new AudioContext();
    try {
      expect(await loadWorklet(ctx, 'player')).toBe('url');
      expect(await loadWorklet(ctx, 'capture')).toBe('url');
      expect(polyfillFetches()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('is imported for a context without AudioWorklet, and the error says the browser lacks it', async () => {
    const nativeNode = globalThis.AudioWorkletNode;
    // a context-like object without `audioWorklet` (as in a browser that lacks AudioWorklet)
    const bare = { state: 'running', sampleRate: 48000 } as unknown as BaseAudioContext;
    const err = await rejection(loadWorklet(bare, 'player'));
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe('unsupported');
    expect((err as Error).message).toMatch(
      /no AudioWorklet \(even with the polyfill\); use a current browser/,
    );
    expect(polyfillFetches().length).toBe(1); // the lazy import really happened
    expect(globalThis.AudioWorkletNode).toBe(nativeNode); // the polyfill left the native API alone
    // `audioWorklet` present but empty counts as missing too; the import is shared, not repeated
    const empty = { state: 'running', audioWorklet: undefined } as unknown as BaseAudioContext;
    const err2 = await rejection(loadWorklet(empty, 'capture'));
    expect((err2 as AudioError).code).toBe('unsupported');
    expect(polyfillFetches().length).toBe(1);
    // a failed load is not cached: asking again retries (and fails the same way)
    const err3 = await rejection(loadWorklet(bare, 'player'));
    expect(err3).not.toBe(err);
    expect((err3 as AudioError).code).toBe('unsupported');
  });
});
