import { describe, expect, it } from 'vitest';
import { LatencyStats, percentile } from './latency-stats.js';

describe('percentile (nearest rank)', () => {
  it('handles empty, single and many values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });
});

describe('LatencyStats', () => {
  it('summarises each measure over the turns that have it', () => {
    const s = new LatencyStats();
    s.speechEnded();
    s.add({ type: 'metrics', responseId: 'a', speechEndToFirstAudioMs: 800, responseToFirstAudioMs: 200 });
    s.add({ type: 'metrics', responseId: 'b', speechEndToFirstAudioMs: 9000, responseToFirstAudioMs: 100 });
    s.add({ type: 'metrics', responseId: 'c', speechEndToFirstAudioMs: null, responseToFirstAudioMs: null });
    expect(s.summary('speechEndToFirstAudioMs')).toEqual({ count: 1, p50: 800, p95: 800 });
    expect(s.summary('responseToFirstAudioMs')).toEqual({ count: 2, p50: 100, p95: 200 });
    expect(s.turns.map((t) => t.turn)).toEqual([1, 2, 3]);
  });
});
