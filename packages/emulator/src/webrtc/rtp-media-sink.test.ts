import { afterEach, describe, expect, it } from 'vitest';
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

function makeSink(extra: { now?: () => number } = {}) {
  const sent: Sent[] = [];
  const events: string[] = [];
  const sink = new RtpMediaSink({
    send: (opus, ts, marker) => sent.push({ opus, ts, marker, at: performance.now() }),
    onStarted: (id) => events.push(`started:${id}@${sent.length}`),
    onDrained: (id) => events.push(`drained:${id}@${sent.length}`),
    ...extra,
  });
  sinks.push(sink);
  return { sink, sent, events };
}

const ms = (n: number) => new Promise((r) => setTimeout(r, n));

describe('RtpMediaSink', () => {
  it('paces 1 s of audio over ~1 s in 50 frames with started/drained around them', async () => {
    const { sink, sent, events } = makeSink();
    const t0 = performance.now();
    sink.enqueue('resp_1', 'item_1', sine(500, 24000, 24000));
    sink.finish('resp_1');
    await waitFor(() => events.length === 2, 'drained', 3000);
    const elapsed = performance.now() - t0;
    expect(sent).toHaveLength(50);
    expect(events).toEqual(['started:resp_1@1', 'drained:resp_1@50']);
    // The last frame goes out at ~980 ms; drained when its slot ends (~1000 ms).
    expect(elapsed).toBeGreaterThanOrEqual(995);
    expect(elapsed).toBeLessThan(1080);
    const lastSentAt = sent[49]!.at - t0;
    expect(lastSentAt).toBeGreaterThan(970);
    expect(lastSentAt).toBeLessThan(1030);
    // No drift: frame n is sent at n·20 ms (± timer lateness, which never accumulates).
    // The schedule's origin: the median of (sent time − n·20 ms); deviations are against it.
    const offsets = sent.map((s, n) => s.at - n * 20).sort((a, b) => a - b);
    const origin = offsets[25]!;
    const deviations = sent.map((s, n) => Math.abs(s.at - origin - n * 20)).sort((a, b) => a - b);
    const p90 = deviations[44]!;
    console.log(
      `sink pacing: 50 frames, last at ${lastSentAt.toFixed(1)} ms, p50 deviation ${deviations[25]!.toFixed(1)} ms, ` +
        `p90 ${p90.toFixed(1)} ms, max ${deviations[49]!.toFixed(1)} ms`,
    );
    expect(p90).toBeLessThan(10); // a GC pause may delay a few frames, but the schedule never drifts
    expect(sent[0]!.marker).toBe(true);
    expect(sent.slice(1).every((s) => !s.marker)).toBe(true);
    for (let i = 1; i < sent.length; i++) expect((sent[i]!.ts - sent[i - 1]!.ts) >>> 0).toBe(960);
    const decoded = decodeOpusPackets(sent.map((s) => s.opus));
    expect(zeroCrossingFrequency(decoded.subarray(4800), 48000)).toBeCloseTo(500, -1);
    expect(rms(decoded.subarray(4800))).toBeGreaterThan(0.3);
    expect(sink.busy).toBe(false);
  });

  it('does not drift when the event loop is briefly blocked (catches up in a short burst)', async () => {
    const { sink, sent, events } = makeSink();
    const t0 = performance.now();
    sink.enqueue('r', 'i', sine(300, 24000, 12000)); // 500 ms
    sink.finish('r');
    await ms(100);
    const block = performance.now();
    while (performance.now() - block < 70) {
      /* block the loop for 70 ms */
    }
    await waitFor(() => events.length === 2, 'drained', 2000);
    expect(sent).toHaveLength(25);
    expect(performance.now() - t0).toBeLessThan(560);
    expect(sink.stats.resyncs).toBe(0);
    expect(sink.stats.maxLateMs).toBeGreaterThan(40);
  });

  it('plays items and responses back to back; drained only after finish; pads the last partial frame', async () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r1', 'a', sine(300, 24000, 2400)); // 100 ms = 5 frames
    sink.enqueue('r1', 'b', sine(300, 24000, 2500)); // 104 ms → 6 frames (last padded)
    sink.enqueue('r2', 'c', sine(300, 24000, 2400));
    sink.finish('r2');
    await waitFor(() => sent.length === 16, '16 frames', 2000);
    await ms(60);
    expect(events).toEqual(['started:r1@1', 'started:r2@12', 'drained:r2@16']);
    expect(sink.busy).toBe(false);
    sink.finish('r1'); // finished after its audio already played out → drained now
    await waitFor(() => events.length === 4, 'late drain', 500);
    expect(events[3]).toBe('drained:r1@16');
  });

  it('clear() returns what was sent of the current item and drops the rest', async () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r1', 'a', sine(300, 24000, 24000)); // 1 s
    sink.enqueue('r1', 'b', sine(300, 24000, 24000));
    sink.finish('r1');
    const t0 = performance.now();
    await ms(300);
    const result = sink.clear();
    const elapsed = performance.now() - t0;
    expect(result).toMatchObject({ responseId: 'r1', itemId: 'a' });
    expect(result!.playedMs).toBe(sent.length * 20);
    expect(Math.abs(result!.playedMs - elapsed)).toBeLessThanOrEqual(40);
    const n = sent.length;
    await ms(100);
    expect(sent).toHaveLength(n);
    expect(sink.busy).toBe(false);
    expect(sink.clear()).toBeNull();
    // Late audio of the cleared response is ignored; a new response plays.
    sink.enqueue('r1', 'c', sine(300, 24000, 2400));
    sink.enqueue('r2', 'd', sine(300, 24000, 2400));
    sink.finish('r2');
    await waitFor(() => events.includes('drained:r2@' + (n + 5)), 'r2 drained', 1000);
    expect(events).toEqual(['started:r1@1', `started:r2@${n + 1}`, `drained:r2@${n + 5}`]);
    expect(sent[n]!.marker).toBe(true); // first packet after the gap
    expect((sent[n]!.ts - sent[n - 1]!.ts) >>> 0).toBeGreaterThan(960 * 4); // timestamp follows the clock
  });

  it('clear() of an item that has not started reports 0 ms; a clear in the middle of the second item reports that item', async () => {
    const { sink, sent } = makeSink();
    sink.enqueue('r1', 'a', sine(300, 24000, 2400)); // 100 ms
    sink.enqueue('r1', 'b', sine(300, 24000, 24000));
    expect(sink.clear()).toEqual({ responseId: 'r1', itemId: 'a', playedMs: 0 });
    sink.enqueue('r2', 'a', sine(300, 24000, 2400));
    sink.enqueue('r2', 'b', sine(300, 24000, 24000));
    await waitFor(() => sent.length >= 5 + 5, 'into item b', 1000);
    const r = sink.clear()!;
    expect(r.itemId).toBe('b');
    expect(r.playedMs).toBe((sent.length - 5) * 20); // r1 never played; r2/a took 5 frames
  });

  it('ignores empty audio, never drains a response that had no audio, and is inert after close()', async () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r', 'i', new Int16Array(0));
    sink.finish('r');
    await ms(60);
    expect(sent).toHaveLength(0);
    expect(events).toEqual([]);
    expect(sink.busy).toBe(false);
    sink.enqueue('r2', 'i', sine(300, 24000, 24000));
    await waitFor(() => sent.length > 0, 'first frame');
    sink.close();
    const n = sent.length;
    await ms(80);
    expect(sent).toHaveLength(n);
    expect(sink.busy).toBe(false);
    sink.enqueue('r3', 'i', sine(300, 24000, 2400));
    await ms(40);
    expect(sent).toHaveLength(n);
  });

  it('restarts the schedule after a long stall instead of bursting the backlog', async () => {
    let offset = 0;
    const { sink, sent } = makeSink({ now: () => performance.now() + offset });
    sink.enqueue('r', 'i', sine(300, 24000, 24000));
    await waitFor(() => sent.length >= 3, 'a few frames');
    offset += 1000; // the clock jumps 1 s (e.g. the process was suspended)
    const before = sent.length;
    await ms(45);
    expect(sink.stats.resyncs).toBe(1);
    expect(sent.length - before).toBeLessThanOrEqual(4);
  });

  it('joins an item streamed in odd-sized chunks seamlessly (no padding between chunks)', async () => {
    const { sink, sent, events } = makeSink();
    const tone = sine(400, 24000, 24000, 0.5); // 1 s
    for (let i = 0; i < tone.length; i += 1237) sink.enqueue('r', 'i', tone.subarray(i, i + 1237));
    sink.finish('r');
    await waitFor(() => events.length === 2, 'drained', 3000);
    expect(sent).toHaveLength(50); // 48000 samples at 48 kHz: exactly 50 frames, no per-chunk padding
    const decoded = decodeOpusPackets(sent.map((s) => s.opus));
    // A steady level in every 20 ms window of the middle: no dropouts at chunk joins.
    for (let f = 5; f < 45; f++) {
      expect(rms(decoded.subarray(f * 960, (f + 1) * 960))).toBeGreaterThan(0.3);
    }
    expect(zeroCrossingFrequency(decoded.subarray(4800, 43200), 48000)).toBeCloseTo(400, -1);
  });

  it('clear() counts every chunk of the current item', async () => {
    const { sink, sent } = makeSink();
    for (let i = 0; i < 10; i++) sink.enqueue('r', 'i', sine(300, 24000, 2400)); // 10 × 100 ms
    await waitFor(() => sent.length >= 12, '12 frames (across 3 chunks)', 1000);
    const r = sink.clear()!;
    expect(r.itemId).toBe('i');
    expect(r.playedMs).toBe(sent.length * 20);
    expect(r.playedMs).toBeGreaterThanOrEqual(240);
  });

  it('waits (sends nothing) when the stream underruns, then resumes with a marker', async () => {
    const { sink, sent, events } = makeSink();
    sink.enqueue('r', 'i', sine(300, 24000, 2400)); // 100 ms, item not complete
    await ms(250);
    const n = sent.length;
    expect(n).toBeGreaterThanOrEqual(4); // the resampler holds back its look-ahead (~1 ms)
    expect(n).toBeLessThanOrEqual(5);
    expect(sink.stats.underruns).toBeGreaterThanOrEqual(1);
    sink.enqueue('r', 'i', sine(300, 24000, 2400));
    sink.finish('r');
    await waitFor(() => events.length === 2, 'drained', 1000);
    expect(sent).toHaveLength(10);
    expect(sent[n]!.marker).toBe(true);
    expect(events).toEqual(['started:r@1', 'drained:r@10']);
  });
});
