import { afterEach, describe, expect, it } from 'vitest';
import { concat16, loadSpeech, median, RAW_MIC, sleep, until, windowedCorrelation } from '../test/signals.js';
import { createMicCapture } from './capture.js';
import { AudioError } from './errors.js';
import type { AudioFrame } from './frame.js';
import { mulawEncode } from './g711.js';
import { float32ToPcm16, pcm16ToFloat32 } from './pcm.js';
import { createPlayer, type Player } from './player.js';
import { resample } from './resampler.js';
import { type AudioTap, createNodeTap } from './tap.js';

const closers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

/** A player plus a sample-exact recorder of its output (tap at the context rate). */
async function playerWithRecorder(opts: Parameters<typeof createPlayer>[0] = {}) {
  const player = await createPlayer(opts);
  const rate = player.context.sampleRate;
  const frames: AudioFrame[] = [];
  const tap: AudioTap = await createNodeTap(player.output, { sampleRate: rate, frameMs: 10 });
  tap.on('frame', (f) => frames.push(f));
  closers.push(tap, player);
  await until(() => frames.length > 2, 3000, 'recorder running');
  const recorded = () => pcm16ToFloat32(concat16(frames.map((f) => f.pcm)));
  /** Context frame index of recorded()[0]. */
  const startFrame = () => Math.round(frames[0]!.time * rate);
  /** Wait until the recording reaches `seconds` of context time (frames arrive late on a loaded machine). */
  const recordedUntil = (seconds: number) => {
    const last = () => frames.at(-1)!.time + frames.at(-1)!.pcm.length / rate;
    return until(() => last() >= seconds, 5000, `recording up to ${seconds} s`);
  };
  return { player, rate, frames, recorded, startFrame, recordedUntil, tap };
}

/** A signal with no zero samples (so rendered samples can be counted in the recording). */
function noZeros(n: number, rate: number, amp = 0.2): Int16Array {
  const f = new Float32Array(n);
  for (let i = 0; i < n; i++) f[i] = 0.3 + amp * Math.sin((2 * Math.PI * 440 * i) / rate);
  return float32ToPcm16(f);
}

function nonZeroRuns(x: Float32Array): Array<{ start: number; length: number }> {
  const runs: Array<{ start: number; length: number }> = [];
  let i = 0;
  while (i < x.length) {
    if (x[i] !== 0) {
      const start = i;
      while (i < x.length && x[i] !== 0) i++;
      runs.push({ start, length: i - start });
    } else i++;
  }
  return runs;
}

describe('player', () => {
  it('plays captured speech back: capture → PCM16 → player correlates ≥ 0.9 with the source', async () => {
    const frames: AudioFrame[] = [];
    const mic = await createMicCapture({ constraints: RAW_MIC, onFrame: (f) => frames.push(f) });
    closers.push(mic);
    await until(() => frames.length >= 175, 10_000, '3.5 s of captured frames');
    mic.close();
    // queue everything at once (as a server streaming faster than real time would), so main-thread
    // hiccups of a loaded test machine cannot cause underruns
    const { player, recorded, recordedUntil } = await playerWithRecorder({ sampleRate: 24000 });
    for (const f of frames) player.enqueue(f.data, { itemId: 'echo' }); // the PCM16 wire bytes
    await player.next('drained');
    expect(player.positionOf('echo')!.playedSamples).toBe(frames.length * 480);
    await recordedUntil(player.context.currentTime + 0.05);
    const speech = await loadSpeech();
    const ref = resample(speech.samples, speech.sampleRate, 24000);
    const out = recorded();
    const rs = windowedCorrelation(ref, out, 24000, { maxLagS: 2, windowS: 0.25, driftS: 0.06 });
    expect(rs.length).toBeGreaterThanOrEqual(3);
    expect(median(rs), rs.map((r) => r.toFixed(2)).join(' ')).toBeGreaterThanOrEqual(0.9);
  });

  it('counts exactly the samples it rendered, per item, and reports started/drained', async () => {
    const { player, rate, recorded, startFrame, recordedUntil, tap } = await playerWithRecorder({
      sampleRate: 24000,
      jitterMs: 200,
    });
    expect(rate).toBe(24000);
    const started: Array<{ itemId: string; time: number }> = [];
    player.on('started', (e) => started.push(e));
    const drained = player.next('drained');
    const a = noZeros(7200 + 17, rate);
    const b = noZeros(4800 + 5, rate);
    for (let i = 0; i < a.length; i += 480) player.enqueue(a.subarray(i, i + 480), { itemId: 'a' });
    for (let i = 0; i < b.length; i += 480)
      player.enqueue(b.subarray(i, i + 480), { itemId: 'b', contentIndex: 1 });
    expect(player.queuedMs).toBeCloseTo(((a.length + b.length) / rate) * 1000, 6);
    const d = await drained;
    expect(d.itemId).toBe('b');
    expect(player.positionOf('a')!.playedSamples).toBe(a.length);
    expect(player.positionOf('b', 1)!.playedSamples).toBe(b.length);
    expect(player.positionOf('b', 1)!.queuedMs).toBe(0);
    expect(player.position()).toBeNull();
    expect(player.playing).toBe(false);
    await recordedUntil(player.context.currentTime + 0.05);
    const runs = nonZeroRuns(recorded());
    expect(runs.length).toBe(1);
    expect(runs[0]!.length).toBe(a.length + b.length); // rendered == counted, to the sample
    expect(started.map((s) => s.itemId)).toEqual(['a', 'b']);
    const diag = JSON.stringify({
      runs: runs.slice(0, 3),
      start: startFrame(),
      started,
      gaps: tap.gapFrames,
    });
    expect(Math.round(started[0]!.time * rate), diag).toBe(startFrame() + runs[0]!.start);
    expect(Math.round(started[1]!.time * rate)).toBe(startFrame() + runs[0]!.start + a.length);
  });

  it('flush() silences within one quantum and returns the played position', async () => {
    const { player, rate, recorded, startFrame, recordedUntil, tap } = await playerWithRecorder({
      sampleRate: 24000,
    });
    const audio = noZeros(rate * 3, rate);
    player.enqueue(audio, { itemId: 'x' });
    await player.next('started');
    await sleep(600);
    const live = player.position()!;
    expect(live.itemId).toBe('x');
    expect(live.playedMs).toBeGreaterThan(500);
    const flushed = player.next('flushed');
    const callFrame = Math.round(player.context.currentTime * rate);
    const estimate = player.flush()!;
    const exact = (await flushed).position!;
    const silentFrom = Math.round((await flushed.then((f) => f.time)) * rate);
    await recordedUntil(silentFrom / rate + 0.05);
    const runs = nonZeroRuns(recorded());
    // A starved audio thread (a busy CI machine) can skip render quanta: the player renders nothing
    // then and the tap fills the skipped frames with silence, counted in gapFrames. Without such a
    // gap the played audio is one run; with one, the silence inside it is exactly what was skipped.
    if (tap.gapFrames === 0) expect(runs.length).toBe(1);
    const rendered = runs.reduce((n, r) => n + r.length, 0);
    const last = runs.at(-1)!;
    const skipped = last.start + last.length - runs[0]!.start - rendered;
    expect(skipped).toBeLessThanOrEqual(tap.gapFrames);
    expect(exact.playedSamples).toBe(rendered); // exact count
    expect(startFrame() + last.start + last.length).toBe(silentFrom); // silence starts at a quantum boundary
    // The processor applies a flush at the start of the first quantum after the message arrives, so
    // silence begins on a quantum boundary; between the call and that quantum lies only the message
    // delivery to the audio thread (typically < 1 quantum; the benchmark reports p50/p95). Bounds
    // here allow for a heavily loaded test machine.
    expect(silentFrom % 128).toBe(0);
    expect(silentFrom - callFrame).toBeLessThanOrEqual(3 * 128);
    expect(Math.abs(estimate.playedSamples - exact.playedSamples)).toBeLessThanOrEqual(3 * 128); // sync estimate
    expect(exact.queuedMs).toBe(((audio.length - rendered) / rate) * 1000);
    expect(player.position()).toBeNull();
    // late audio of the flushed item is dropped; new items play
    player.enqueue(noZeros(480, rate), { itemId: 'x' });
    expect(player.queuedMs).toBe(0);
    player.enqueue(noZeros(480, rate), { itemId: 'y' });
    await player.next('drained');
    expect(player.positionOf('y')!.playedSamples).toBe(480);
  });

  it('resamples when the context runs at another rate and still counts exactly', async () => {
    const ctx = new AudioContext({ sampleRate: 48000 });
    closers.push({ close: () => void ctx.close() });
    const { player, recorded, startFrame, recordedUntil } = await playerWithRecorder({
      context: ctx,
      sampleRate: 24000,
      jitterMs: 200, // no underrun even if the audio thread sees the pushes spread out on a loaded machine
    });
    const tone = float32ToPcm16(
      Float32Array.from({ length: 24000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 24000)),
    );
    const started = player.next('started');
    for (let i = 0; i < tone.length; i += 480) player.enqueue(tone.subarray(i, i + 480), { itemId: 't' });
    player.end({ itemId: 't' }); // plays the resampler's look-ahead tail
    const d = await player.next('drained');
    expect(d.playedMs).toBe(1000);
    expect(player.positionOf('t')!.playedSamples).toBe(24000);
    await recordedUntil(ctx.currentTime + 0.05);
    // the `started` time tells exactly where the item begins in the recording
    const offset = Math.round((await started).time * 48000) - startFrame();
    const out = recorded().subarray(offset, offset + 48000);
    const ideal = resample(pcm16ToFloat32(tone), 24000, 48000);
    let sig = 0;
    let err = 0;
    for (let i = 100; i < 47900; i++) {
      sig += ideal[i]! ** 2;
      err += (out[i]! - ideal[i]!) ** 2;
    }
    expect(10 * Math.log10(sig / err)).toBeGreaterThan(40); // PCM16 tap + resampler, sample-aligned
  });

  it('plays G.711 μ-law bytes and reports output levels', async () => {
    const { player } = await playerWithRecorder({ encoding: 'g711_ulaw' });
    expect(player.sampleRate).toBe(8000);
    const levels: number[] = [];
    player.on('level', (l) => levels.push(l.rmsDbfs));
    const tone = float32ToPcm16(
      Float32Array.from({ length: 8000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 500 * i) / 8000)),
    );
    player.enqueue(mulawEncode(tone), { itemId: 'g' });
    await player.next('drained');
    expect(player.positionOf('g')!.playedMs).toBe(1000);
    expect(levels.some((l) => l > -10 && l < -8)).toBe(true); // 0.5 sine ≈ −9 dBFS RMS
    expect(levels.at(-1)).toBe(-120);
    expect(player.level().rmsDbfs).toBe(-120);
  });

  it('waits for the jitter buffer, but not after end()', async () => {
    const { player } = await playerWithRecorder({ sampleRate: 24000, jitterMs: 200 });
    const t0 = player.context.currentTime;
    player.enqueue(noZeros(240, 24000), { itemId: 'j' }); // 10 ms < 200 ms jitter buffer
    const s = await player.next('started');
    expect(s.time - t0).toBeGreaterThan(0.15);
    await player.next('drained');
    const t1 = player.context.currentTime;
    player.enqueue(noZeros(240, 24000), { itemId: 'k' });
    player.end({ itemId: 'k' });
    const s2 = await player.next('started');
    expect(s2.time - t1).toBeLessThan(0.05);
  });
});

describe('player bad input', () => {
  async function expectError(fn: () => unknown, code: string, message: RegExp) {
    let err: unknown;
    try {
      await fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe(code);
    expect((err as Error).message).toMatch(message);
  }

  it('names odd byte lengths, wrong rates, bad types and use after close', async () => {
    const player: Player = await createPlayer({ sampleRate: 24000 });
    closers.push(player);
    await expectError(
      () => player.enqueue(new Uint8Array(3), { itemId: 'a' }),
      'odd_byte_length',
      /odd byte length \(3\)/,
    );
    await expectError(
      () => player.enqueue(new Int16Array(4), { itemId: 'a', sampleRate: 16000 }),
      'invalid_sample_rate',
      /16000 Hz .* 24000 Hz.*resample/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    await expectError(() => player.enqueue([1, 2] as any, { itemId: 'a' }), 'invalid_argument', /Int16Array/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    await expectError(() => player.enqueue(new Int16Array(2), {} as any), 'invalid_argument', /itemId/);
    player.close();
    await expectError(() => player.enqueue(new Int16Array(2), { itemId: 'a' }), 'closed', /createPlayer/);
    expect(player.flush()).toBeNull();
  });

  it('rejects a closed context and bad options', async () => {
    const ctx = new AudioContext();
    await ctx.close();
    await expectError(() => createPlayer({ context: ctx }), 'context_closed', /closed/);
    await expectError(() => createPlayer({ sampleRate: 1 }), 'invalid_sample_rate', /3000/);
    await expectError(() => createPlayer({ jitterMs: -1 }), 'invalid_argument', /jitterMs/);
    const ctx2 = new AudioContext({ sampleRate: 24000 });
    const p = await createPlayer({ context: ctx2 });
    await ctx2.close();
    await expectError(
      () => p.enqueue(new Int16Array(2), { itemId: 'a' }),
      'context_closed',
      /AudioContext is closed/,
    );
    p.close();
  });

  it('selects an output device where supported, and names unknown ones', async () => {
    const player = await createPlayer();
    closers.push(player);
    if ('setSinkId' in AudioContext.prototype) {
      await expectError(() => player.setSinkId('no-such-output'), 'device_not_found', /listAudioDevices/);
      await expectError(
        () => createPlayer({ sinkId: 'no-such-output' }),
        'device_not_found',
        /no-such-output/,
      );
      await player.setSinkId('');
    } else {
      await expectError(() => player.setSinkId('x'), 'unsupported', /setSinkId/);
    }
  });
});
