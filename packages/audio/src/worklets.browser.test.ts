import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test/signals.js';
import { createMicCapture } from './capture.js';
import { AudioError } from './errors.js';
import { createPlayer } from './player.js';
import { configureWorklets, loadWorklet, workletUrl } from './worklets.js';

const contexts: AudioContext[] = [];
afterEach(async () => {
  configureWorklets({ capture: workletUrl('capture'), player: workletUrl('player'), blobFallback: true });
  for (const c of contexts.splice(0)) await c.close();
});
const fresh = () => {
  const c = new AudioContext();
  contexts.push(c);
  return c;
};

describe('worklet modules', () => {
  it('are static JavaScript files next to the package code', async () => {
    for (const name of ['capture', 'player'] as const) {
      const url = workletUrl(name);
      expect(url).toMatch(new RegExp(`/${name}\\.worklet\\.(ts|js)$`));
      const res = await fetch(url);
      expect(res.ok).toBe(true);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
  });

  it('load from their static URLs (no blob, no eval) and register the processors', async () => {
    const ctx = fresh();
    expect(await loadWorklet(ctx, 'capture')).toBe('url');
    expect(await loadWorklet(ctx, 'player')).toBe('url');
    expect(() => new AudioWorkletNode(ctx, 'realtime-agents-capture')).not.toThrow();
    expect(() => new AudioWorkletNode(ctx, 'realtime-agents-player')).not.toThrow();
    // loading twice shares the first load
    expect(loadWorklet(ctx, 'player')).toBe(loadWorklet(ctx, 'player'));
  });

  it('fall back to a blob URL when the static file is missing, and still work', async () => {
    configureWorklets({ capture: '/no/such/capture.worklet.js', player: '/no/such/player.worklet.js' });
    const ctx = fresh();
    const frames: number[] = [];
    const mic = await createMicCapture({ context: ctx, onFrame: (f) => frames.push(f.index) });
    expect(mic.workletSource).toBe('blob');
    await until(() => frames.length > 10, 3000, 'frames from the blob-loaded worklet');
    mic.close();
    const player = await createPlayer({ context: ctx });
    expect(player.workletSource).toBe('blob');
    player.enqueue(new Int16Array(2400).fill(1000), { itemId: 'b' });
    player.end({ itemId: 'b' }); // the context runs at its default rate: flush the resampler tail
    await player.next('drained');
    expect(player.positionOf('b')!.playedSamples).toBe(2400);
    player.close();
  });

  it('say which file to serve when the static file fails and blobs are not allowed', async () => {
    configureWorklets({ player: '/no/such/player.worklet.js', blobFallback: false });
    const err = await createPlayer({ context: fresh() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe('worklet_load_failed');
    expect((err as Error).message).toMatch(/\/no\/such\/player\.worklet\.js.*configureWorklets/);
  });
});
