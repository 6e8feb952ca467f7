import type { AudioChunk } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { receivedAsPlayed } from './audio-output.js';
import { clockPlayback } from './clock-playback.js';

const chunk = (itemId: string, ms: number, rate = 24000): AudioChunk => ({
  data: new Int16Array((ms * rate) / 1000),
  sampleRate: rate,
  itemId,
  contentIndex: 0,
  responseId: 'r',
});

describe('clockPlayback', () => {
  it('plays at 1× from arrival, stalls on underrun, flushes at the played position', () => {
    let t = 1000;
    const out = clockPlayback({ now: () => t });
    const started: Array<[string, number]> = [];
    out.listen({ started: (id, at) => started.push([id, at]), drained: () => undefined });
    out.push(chunk('a', 500));
    expect(started).toEqual([['a', 1000]]);
    t += 300;
    expect(out.position()).toMatchObject({ itemId: 'a', playedMs: 300, queuedMs: 200 });
    t += 400; // 200 ms of starvation
    expect(out.position()).toMatchObject({ playedMs: 500, queuedMs: 0 });
    out.push(chunk('a', 1000));
    t += 250;
    expect(out.position()!.playedMs).toBe(750);
    const pos = out.flush();
    expect(pos).toMatchObject({ itemId: 'a', playedMs: 750, queuedMs: 750 });
    expect(out.position()).toBeNull();
    out.close();
  });

  it('items play in order; drained fires after the last item ended and played out', () => {
    let t = 0;
    const out = clockPlayback({ now: () => t });
    const drained: string[] = [];
    const started: Array<[string, number]> = [];
    out.listen({ started: (id, at) => started.push([id, at]), drained: (id) => drained.push(id) });
    out.push(chunk('a', 200));
    out.end('a', 0);
    out.push(chunk('b', 200));
    out.end('b', 0);
    t = 300;
    expect(out.position()).toMatchObject({ itemId: 'b', playedMs: 100 });
    expect(started).toEqual([
      ['a', 0],
      ['b', 200],
    ]);
    expect(drained).toEqual(['a']);
    t = 400;
    expect(out.position()).toBeNull();
    expect(drained).toEqual(['a', 'b']);
    out.close();
  });
});

describe('receivedAsPlayed', () => {
  it('reports the item being received as fully played until its audio is done', () => {
    const out = receivedAsPlayed();
    const events: string[] = [];
    out.listen({ started: (id) => events.push(`start ${id}`), drained: (id) => events.push(`drain ${id}`) });
    expect(out.position()).toBeNull();
    out.push(chunk('a', 100));
    out.push(chunk('a', 150));
    expect(out.position()).toEqual({ itemId: 'a', contentIndex: 0, playedMs: 250, queuedMs: 0 });
    out.end('a', 0);
    expect(out.position()).toBeNull();
    out.push(chunk('b', 40));
    expect(out.flush()).toMatchObject({ itemId: 'b', playedMs: 40 });
    expect(out.position()).toBeNull();
    expect(events).toEqual(['start a', 'drain a', 'start b']);
  });
});
