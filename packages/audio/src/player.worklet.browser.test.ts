// The player processor must survive anything posted to its port: malformed messages are ignored,
// valid audio after them still plays and is counted, and the audio thread never throws.
import { afterEach, describe, expect, it } from 'vitest';
import { concat16, until } from '../test/signals.js';
import { AudioError } from './errors.js';
import type { AudioFrame } from './frame.js';
import { pcm16ToFloat32 } from './pcm.js';
import { createPlayer } from './player.js';
import { PLAYER_PROCESSOR, type PlayerOutMessage } from './player.worklet.js';
import { createNodeTap } from './tap.js';
import { loadWorklet } from './worklets.js';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const RATE = 24000;

/** A bare player processor node (no Player wrapper), its messages and a recording of its output. */
async function rawProcessor(prebuffer = 0) {
  const ctx = new AudioContext({ sampleRate: RATE });
  closers.push(() => ctx.close());
  expect(await loadWorklet(ctx, 'player')).toBe('url');
  const node = new AudioWorkletNode(ctx, PLAYER_PROCESSOR, {
    numberOfInputs: 0,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    processorOptions: { prebuffer },
  });
  const msgs: PlayerOutMessage[] = [];
  node.port.onmessage = (e: MessageEvent) => msgs.push(e.data as PlayerOutMessage);
  const processorErrors: Event[] = [];
  node.addEventListener('processorerror', (e) => processorErrors.push(e));
  node.connect(ctx.destination);
  if (ctx.state === 'suspended') await ctx.resume();
  const frames: AudioFrame[] = [];
  const tap = await createNodeTap(node, { sampleRate: RATE, frameMs: 10 });
  closers.push(() => tap.close());
  tap.on('frame', (f) => frames.push(f));
  await until(() => frames.length > 2, 3000, 'recorder running');
  const recorded = () => pcm16ToFloat32(concat16(frames.map((f) => f.pcm)));
  const recordedUntil = (seconds: number) => {
    const last = () => frames.at(-1)!.time + frames.at(-1)!.pcm.length / RATE;
    return until(() => last() >= seconds, 5000, `recording up to ${seconds} s`);
  };
  const drained = (seg: number) =>
    until(
      () => msgs.some((m) => m.type === 'drained' && m.seg === seg),
      5000,
      `drained of segment ${seg} (messages: ${JSON.stringify(msgs.slice(-3))})`,
    );
  const played = (seg: number) =>
    Math.max(
      0,
      ...msgs
        .filter((m) => m.type === 'progress' && m.seg === seg)
        .map((m) => (m as { played: number }).played),
    );
  return { ctx, node, msgs, processorErrors, recorded, recordedUntil, drained, played };
}

function constant(n: number, v: number): Float32Array {
  return new Float32Array(n).fill(v);
}

function nonZeroRuns(x: Float32Array): Array<{ start: number; length: number; mean: number }> {
  const runs: Array<{ start: number; length: number; mean: number }> = [];
  let i = 0;
  while (i < x.length) {
    if (x[i] !== 0) {
      const start = i;
      let sum = 0;
      while (i < x.length && x[i] !== 0) sum += x[i++]!;
      runs.push({ start, length: i - start, mean: sum / (i - start) });
    } else i++;
  }
  return runs;
}

/** Everything but a well-formed message: none of it may throw, stall or play. */
function garbage(): unknown[] {
  const big = 2 ** 53;
  return [
    null,
    undefined,
    0,
    Number.NaN,
    'push',
    true,
    [],
    [{ type: 'push' }],
    {},
    { type: 'no-such-type', seg: 1 },
    { type: 42 },
    { type: null },
    { type: 'PUSH', seg: 7, samples: constant(128, 0.9) }, // type names are case-sensitive
    { type: 'push' },
    { type: 'push', seg: 7 },
    { type: 'push', seg: 7, samples: null },
    { type: 'push', seg: 7, samples: [0.9, 0.9, 0.9] },
    { type: 'push', seg: 7, samples: new Float64Array(128).fill(0.9) },
    { type: 'push', seg: 7, samples: new Int16Array(128).fill(30000) },
    { type: 'push', seg: 7, samples: new Uint8Array(3).fill(255) }, // odd-length bytes
    { type: 'push', seg: 7, samples: new Uint8Array(257).fill(127).buffer },
    { type: 'push', seg: 7, samples: new Float32Array(0) },
    { type: 'push', seg: 7, samples: { length: 128, 0: 0.9 } },
    { type: 'end' },
    { type: 'end', seg: Number.NaN },
    { type: 'end', seg: big },
    { type: 'end', seg: null },
    { type: 'config' },
    { type: 'config', prebuffer: Number.NaN },
    { type: 'config', prebuffer: 'lots' },
    { type: 'config', prebuffer: { n: 1 } },
    { type: 'config', prebuffer: undefined },
    { type: 'config', prebuffer: -big }, // clamps to 0
  ];
}

describe('player processor under malformed messages', () => {
  it('ignores garbage on its port, keeps playing and counting valid audio, and never errors', async () => {
    const p = await rawProcessor(0);
    const post = (m: unknown) => p.node.port.postMessage(m);
    // valid audio before the garbage: the processor works
    post({ type: 'push', seg: 1, samples: constant(2400, 0.25) });
    post({ type: 'end', seg: 1 });
    await p.drained(1);
    for (const g of garbage()) post(g);
    // non-finite samples in a well-formed push are rendered as silence (and counted)
    const poison = new Float32Array(256);
    for (let i = 0; i < poison.length; i++)
      poison[i] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 3]!;
    post({ type: 'push', seg: 2, samples: poison });
    post({ type: 'push', seg: 3, samples: constant(1200, 0.5) });
    post({ type: 'end', seg: 3 });
    for (const g of garbage().reverse()) post(g);
    await p.drained(3);
    for (const g of garbage()) post(g);
    post({ type: 'push', seg: 4, samples: constant(4800, -0.3) });
    post({ type: 'end', seg: 4 });
    await p.drained(4);
    await p.recordedUntil(p.ctx.currentTime + 0.05);

    const diag = JSON.stringify(p.msgs.filter((m) => m.type !== 'progress'));
    expect(
      p.msgs.filter((m) => m.type === 'error'),
      diag,
    ).toEqual([]);
    expect(p.processorErrors).toEqual([]);
    // exact counts for every valid segment, including the one after the last garbage
    expect(p.played(1)).toBe(2400);
    expect(p.played(2)).toBe(256);
    expect(p.played(3)).toBe(1200);
    expect(p.played(4)).toBe(4800);
    for (const [seg, n] of [
      [1, 2400],
      [3, 1200],
      [4, 4800],
    ] as const) {
      const d = p.msgs.find((m) => m.type === 'drained' && m.seg === seg);
      expect(d, `drained ${seg}`).toMatchObject({ played: n });
    }
    expect(p.msgs.filter((m) => m.type === 'started').map((m) => (m as { seg: number }).seg)).toEqual([
      1, 2, 3, 4,
    ]);
    // levels stay finite (a NaN sample would make rms NaN)
    for (const m of p.msgs) {
      if (m.type !== 'progress') continue;
      expect(Number.isFinite(m.rms) && Number.isFinite(m.peak), JSON.stringify(m)).toBe(true);
    }
    // what was rendered: exactly the three valid segments, with their values; nothing from garbage
    const runs = nonZeroRuns(p.recorded());
    expect(runs.map((r) => r.length)).toEqual([2400, 1200, 4800]);
    expect(runs[0]!.mean).toBeCloseTo(0.25, 3);
    expect(runs[1]!.mean).toBeCloseTo(0.5, 3);
    expect(runs[2]!.mean).toBeCloseTo(-0.3, 3);
  });

  it('keeps its jitter buffer when a config carries no number', async () => {
    const p = await rawProcessor(2400); // 100 ms
    const post = (m: unknown) => p.node.port.postMessage(m);
    post({ type: 'config', prebuffer: Number.NaN });
    post({ type: 'config' });
    post({ type: 'config', prebuffer: '0' });
    const t0 = p.ctx.currentTime;
    post({ type: 'push', seg: 1, samples: constant(240, 0.25) }); // 10 ms < jitter buffer
    await p.drained(1); // stalls forever if the prebuffer became NaN
    const started = p.msgs.find((m) => m.type === 'started')!;
    expect((started as { frame: number }).frame / RATE - t0).toBeGreaterThan(0.08); // still waited 100 ms
    expect(p.played(1)).toBe(240);
    expect(p.msgs.filter((m) => m.type === 'error')).toEqual([]);
    expect(p.processorErrors).toEqual([]);
  });

  it('a NaN jitter buffer in the processor options falls back to none', async () => {
    const p = await rawProcessor(Number.NaN);
    p.node.port.postMessage({ type: 'push', seg: 1, samples: constant(240, 0.25) });
    await p.drained(1);
    expect(p.played(1)).toBe(240);
    expect(p.processorErrors).toEqual([]);
  });

  it('setJitterMs() names a non-number instead of stalling playback', async () => {
    const player = await createPlayer({ sampleRate: RATE });
    closers.push(() => player.close());
    for (const bad of [Number.NaN, undefined, '20']) {
      const err = (() => {
        try {
          player.setJitterMs(bad as number); // deliberately wrong
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AudioError);
      expect((err as AudioError).code).toBe('invalid_argument');
      expect((err as Error).message).toMatch(/setJitterMs\(\) takes a number/);
    }
    player.setJitterMs(0);
    player.enqueue(new Int16Array(480).fill(8000), { itemId: 'a' });
    await player.next('drained');
    expect(player.positionOf('a')!.playedSamples).toBe(480);
  });
});
