import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RtpMediaSink } from './rtp-media-sink.js';
import { decodeOpusPackets, rms, sine, waitFor, zeroCrossingFrequency } from './test-support.js';

interface Sent {
  opus: Buffer;
  ts: number;
  marker: boolean;
  at: number;
}

const sinks: RtpMediaSink[] = [];
afterEach(() => {
  for (const s of sinks.splice(0)) s.close();
});

/** A sink whose clock is `performance.now() + skew` (skew simulates a blocked event loop). */
function makeSink() {
  const sent: Sent[] = [];
  const events: string[] = [];
  const clock = { skew: 0 };
  const now = () => performance.now() + clock.skew;
  const sink = new RtpMediaSink({
    send: (opus, ts, marker) => sent.push({ opus, ts, marker, at: now() }),
    onStarted: (id) => events.push(`started:${id}@${sent.length}`),
    onDrained: (id) => events.push(`drained:${id}@${sent.length}@${Math.round(now())}`),
    now,
  });
  sinks.push(sink);
  return { sink, sent, events, clock };
}

describe('RtpMediaSink scheduling (virtual clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends frame n at exactly n·20 ms and drains when the last slot ends', () => {
    const { sink, sent, events } = makeSink();
    const t0 = performance.now();
    sink.enqueue('resp_1', 'item_1', sine(500, 24000, 24000)); // 1 s
    sink.finish('resp_1');
    expect(sink.busy).toBe(true);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(26); // 0, 20, … 500
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(50);
    expect(sent.map((s) => Math.round(s.at - t0))).toEqual(Array.from({ length: 50 }, (_, n) => n * 20));
    expect(events).toEqual(['started:resp_1@1', `drained:resp_1@50@${Math.round(t0 + 1000)}`]);
    expect(sink.busy).toBe(false);
    expect(sent[0]!.marker).toBe(true);
    expect(sent.slice(1).every((s) => !s.marker)).toBe(true);
    for (let i = 1; i < sent.length; i++) expect((sent[i]!.ts - sent[i - 1]!.ts) >>> 0).toBe(960);
  });

  it('after a short stall it catches up in one burst of ≤ 5 frames and keeps the schedule', () => {
    const { sink, sent, events, clock } = makeSink();
    const t0 = performance.now();
    sink.enqueue('r', 'i', sine(300, 24000, 12000)); // 500 ms
    sink.finish('r');
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(6);
    clock.skew = 70; // the loop was blocked for 70 ms
    vi.advanceTimersByTime(20); // the timer due at 120 ms fires when the clock says 190 ms
    expect(sent).toHaveLength(6 + 4); // slots 120, 140, 160, 180 were due
    expect(new Set(sent.slice(6).map((s) => s.at)).size).toBe(1); // one burst
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(25);
    expect(sink.stats.resyncs).toBe(0);
    expect(events[1]).toBe(`drained:r@25@${Math.round(t0 + 500)}`); // the schedule did not move
  });

  it('after a long stall it restarts the schedule instead of bursting the backlog', () => {
    const { sink, sent, clock } = makeSink();
    sink.enqueue('r', 'i', sine(300, 24000, 24000));
    vi.advanceTimersByTime(60);
    const before = sent.length;
    clock.skew = 1000;
    vi.advanceTimersByTime(20);
    expect(sink.stats.resyncs).toBe(1);
    expect(sent.length - before).toBe(1);
    vi.advanceTimersByTime(40);
    expect(sent.length - before).toBe(3);
  });

  it('plays items and responses back to back; drained only after finish; pads the last partial frame', () => {
    const { sink, sent, events } = makeSink();
    const t0 = performance.now();
    sink.enqueue('r1', 'a', sine(300, 24000, 2400)); // 100 ms = 5 frames
    sink.enqueue('r1', 'b', sine(300, 24000, 2500)); // 104 ms → 6 frames (last padded)
    sink.enqueue('r2', 'c', sine(300, 24000, 2400));
    sink.finish('r2');
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(16);
    expect(events).toEqual(['started:r1@1', 'started:r2@12', `drained:r2@16@${Math.round(t0 + 320)}`]);
    expect(sink.busy).toBe(false);
    sink.finish('r1'); // finished after its audio already played out → drained right away
    vi.advanceTimersByTime(1);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatch(/^drained:r1@16@/);
  });

  it('clear() returns the ms sent of the current item, drops the rest, and ignores late audio of it', () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r1', 'a', sine(300, 24000, 24000)); // 1 s
    sink.enqueue('r1', 'b', sine(300, 24000, 24000));
    sink.finish('r1');
    vi.advanceTimersByTime(300);
    expect(sink.clear()).toEqual({ responseId: 'r1', itemId: 'a', playedMs: 320 }); // frames 0…300
    const n = sent.length;
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(n);
    expect(sink.busy).toBe(false);
    expect(sink.clear()).toBeNull();
    sink.enqueue('r1', 'c', sine(300, 24000, 2400)); // the cleared response: ignored
    sink.enqueue('r2', 'd', sine(300, 24000, 2400));
    sink.finish('r2');
    vi.advanceTimersByTime(200);
    expect(events.map((e) => e.split('@').slice(0, 2).join('@'))).toEqual([
      'started:r1@1',
      `started:r2@${n + 1}`,
      `drained:r2@${n + 5}`,
    ]);
    expect(sent[n]!.marker).toBe(true); // first packet after the gap
    expect((sent[n]!.ts - sent[n - 1]!.ts) >>> 0).toBe(960 * 10); // last at 300 ms, next at 500 ms
  });

  it('clear() before anything played reports 0 ms; in the second item it reports that item', () => {
    const { sink } = makeSink();
    sink.enqueue('r1', 'a', sine(300, 24000, 2400)); // 100 ms
    sink.enqueue('r1', 'b', sine(300, 24000, 24000));
    expect(sink.clear()).toEqual({ responseId: 'r1', itemId: 'a', playedMs: 0 });
    sink.enqueue('r2', 'a', sine(300, 24000, 2400));
    sink.enqueue('r2', 'b', sine(300, 24000, 24000));
    vi.advanceTimersByTime(200); // frames 0…200: 5 of a, 6 of b
    expect(sink.clear()).toEqual({ responseId: 'r2', itemId: 'b', playedMs: 120 });
  });

  it('counts every chunk of a streamed item in clear()', () => {
    const { sink } = makeSink();
    for (let i = 0; i < 10; i++) sink.enqueue('r', 'i', sine(300, 24000, 2400)); // 10 × 100 ms
    vi.advanceTimersByTime(250); // frames 0…240
    expect(sink.clear()).toEqual({ responseId: 'r', itemId: 'i', playedMs: 260 });
  });

  it('waits (sends nothing) when the stream underruns, then resumes with a marker', () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r', 'i', sine(300, 24000, 2400)); // 100 ms, item not complete
    vi.advanceTimersByTime(250);
    const n = sent.length;
    expect(n).toBe(4); // the 5th frame waits for the resampler's look-ahead (~1 ms of audio)
    expect(sink.stats.underruns).toBe(1);
    sink.enqueue('r', 'i', sine(300, 24000, 2400));
    sink.finish('r');
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(10);
    expect(sent[n]!.marker).toBe(true);
    expect(events.map((e) => e.split('@').slice(0, 2).join('@'))).toEqual(['started:r@1', 'drained:r@10']);
  });

  it('ignores empty audio, never drains a response that had no audio, and is inert after close()', () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r', 'i', new Int16Array(0));
    sink.finish('r');
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(0);
    expect(events).toEqual([]);
    expect(sink.busy).toBe(false);
    sink.enqueue('r2', 'i', sine(300, 24000, 24000));
    vi.advanceTimersByTime(30);
    sink.close();
    const n = sent.length;
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(n);
    expect(sink.busy).toBe(false);
    sink.enqueue('r3', 'i', sine(300, 24000, 2400));
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(n);
  });
});

describe('RtpMediaSink in real time', () => {
  it('paces 1 s of audio over ~1 s (never early, no burst) and the audio survives the trip', async () => {
    const { sink, sent, events } = makeSink();
    const tone = sine(400, 24000, 24000, 0.5);
    const t0 = performance.now();
    for (let i = 0; i < tone.length; i += 1237) sink.enqueue('r', 'i', tone.subarray(i, i + 1237)); // odd chunks
    sink.finish('r');
    await waitFor(() => events.length === 2, 'drained', 4000);
    const elapsed = performance.now() - t0;
    expect(sent).toHaveLength(50); // 48000 samples: exactly 50 frames, no per-chunk padding
    // Lateness only makes things later (the machine is shared); a burst would end far too early.
    expect(elapsed).toBeGreaterThanOrEqual(995);
    expect(elapsed).toBeLessThan(2000);
    const lateness = sent.map((s, n) => s.at - t0 - n * 20).sort((a, b) => a - b);
    expect(lateness[0]!).toBeGreaterThanOrEqual(-1); // never before its slot
    console.log(
      `sink pacing (real time): last frame at ${(sent[49]!.at - t0).toFixed(1)} ms (ideal 980), lateness p50 ` +
        `${lateness[25]!.toFixed(1)} ms, p90 ${lateness[44]!.toFixed(1)} ms, max ${lateness[49]!.toFixed(1)} ms`,
    );
    const decoded = decodeOpusPackets(sent.map((s) => s.opus));
    for (let f = 5; f < 45; f++) expect(rms(decoded.subarray(f * 960, (f + 1) * 960))).toBeGreaterThan(0.3); // no gaps at chunk joins
    expect(zeroCrossingFrequency(decoded.subarray(4800, 43200), 48000)).toBeCloseTo(400, -1);
  });
});
