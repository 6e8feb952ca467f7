import { describe, expect, it } from 'vitest';
import { silence, speechLike } from '../test-support.js';
import { rmsDb, thresholdToDb, Vad, type VadEvent, vadSettings } from './vad.js';

const concat = (...parts: Int16Array[]) => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function run(td: Parameters<typeof vadSettings>[0], audio: Int16Array, chunkMs = 20): VadEvent[] {
  const vad = new Vad(vadSettings(td)!);
  const events: VadEvent[] = [];
  for (let i = 0; i < audio.length; i += chunkMs * 24)
    events.push(...vad.push(audio.subarray(i, i + chunkMs * 24)));
  return events;
}

describe('energy VAD', () => {
  it('maps threshold to dBFS', () => {
    expect(thresholdToDb(0.5)).toBe(-35);
    expect(rmsDb(speechLike(200, -20))).toBeCloseTo(-20, 0);
    expect(rmsDb(silence(100))).toBe(-100);
  });

  it('finds start (minus prefix padding) and stop (after the silence window)', () => {
    const audio = concat(silence(500), speechLike(1000), silence(600));
    const events = run(
      { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200 },
      audio,
      30,
    );
    expect(events).toEqual([
      { type: 'speech_started', audioStartMs: 200 },
      { type: 'speech_stopped', audioEndMs: 1700 },
    ]);
  });

  it('honours prefix_padding_ms (never before the buffer start)', () => {
    const audio = concat(silence(500), speechLike(600), silence(400));
    const start = (prefix: number) =>
      run({ type: 'server_vad', prefix_padding_ms: prefix }, audio).find((e) => e.type === 'speech_started');
    expect(start(100)).toEqual({ type: 'speech_started', audioStartMs: 400 });
    expect(start(0)).toEqual({ type: 'speech_started', audioStartMs: 500 });
    expect(start(2000)).toEqual({ type: 'speech_started', audioStartMs: 0 });
  });

  it('honours threshold: quiet speech stays below a high threshold', () => {
    const audio = concat(speechLike(800, -30), silence(400));
    expect(run({ type: 'server_vad', threshold: 0.5 }, audio)).toHaveLength(2);
    expect(run({ type: 'server_vad', threshold: 0.9 }, audio)).toEqual([]);
  });

  it('honours silence_duration_ms: a 500 ms pause splits only short windows', () => {
    const audio = concat(speechLike(600), silence(500), speechLike(600), silence(1000));
    expect(
      run({ type: 'server_vad', silence_duration_ms: 200 }, audio).filter((e) => e.type === 'speech_started'),
    ).toHaveLength(2);
    expect(
      run({ type: 'server_vad', silence_duration_ms: 800 }, audio).filter((e) => e.type === 'speech_started'),
    ).toHaveLength(1);
  });

  it('semantic_vad: eagerness sets the silence window', () => {
    const audio = concat(speechLike(600), silence(500), speechLike(600), silence(1500));
    expect(
      run({ type: 'semantic_vad', eagerness: 'high' }, audio).filter((e) => e.type === 'speech_started'),
    ).toHaveLength(2);
    expect(
      run({ type: 'semantic_vad', eagerness: 'low' }, audio).filter((e) => e.type === 'speech_started'),
    ).toHaveLength(1);
  });

  it('ignores a single loud click', () => {
    const click = silence(20).map((_, i) => (i < 10 ? 30000 : 0));
    expect(run({ type: 'server_vad' }, concat(silence(200), click, silence(400)))).toEqual([]);
  });

  it('turn_detection null disables the detector', () => {
    expect(vadSettings(null)).toBeNull();
  });
});
