// Benchmark (not a unit test): added latency of the capture path (sample in → frame out) and of
// the player path (frame in → first sample rendered), p50/p95 in Chromium, and audio-thread CPU per
// second of audio for each worklet. Run:
//   pnpm bench audio-latency   (or: AUDIO_BENCH=1 pnpm exec vitest run --config packages/audio/vitest.config.ts)
// Prints a markdown table.
import { expect, it } from 'vitest';
import { CapturePipeline } from '../src/pipeline.js';
import { createPlayer } from '../src/player.js';
import { float32ToPcm16 } from '../src/pcm.js';
import { loadWorklet } from '../src/worklets.js';
import { concat16 } from '../test/signals.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const rows: string[] = [];
const row = (...cells: string[]) => rows.push(`| ${cells.join(' | ')} |`);

/**
 * Capture: an oscillator in the context is the "microphone". For each frame, the added latency is
 * the context's rendered time when the frame reaches the main thread minus the time of the frame's
 * last sample (so framing itself, i.e. waiting for the frame to fill, is not counted).
 */
async function captureLatency(rate: number, seconds: number) {
  const ctx = new AudioContext({ sampleRate: rate, latencyHint: 'interactive' });
  const osc = new OscillatorNode(ctx, { frequency: 440 });
  osc.start();
  const p = await CapturePipeline.create(ctx, { sampleRate: 24000, frameMs: 20 });
  const lat: number[] = [];
  p.on('frame', (f) => {
    const last = f.time + (f.pcm.length - 1) / 24000 + 1 / rate;
    lat.push((ctx.currentTime - last) * 1000);
  });
  p.setSource(osc);
  await sleep(seconds * 1000);
  const frames = lat.length;
  const cpu = p.cpuMs;
  p.close();
  await ctx.close();
  return { lat: lat.slice(5), frames, mainCpuMsPerS: cpu / seconds };
}

/**
 * Capture, wall clock: the "microphone" (an oscillator behind a gain) is switched on from the main
 * thread at t0; t1 is when the frame holding the onset reaches `onFrame`. The time the onset waited
 * for its frame to fill (frame end − onset) is subtracted, so what remains is the pipeline's added
 * latency including the wait for the next render callback, as a real microphone sample would see.
 */
async function captureOnsetLatency(rate: number, n: number) {
  const ctx = new AudioContext({ sampleRate: rate, latencyHint: 'interactive' });
  const osc = new OscillatorNode(ctx, { frequency: 440 });
  const gain = new GainNode(ctx, { gain: 0 });
  osc.connect(gain);
  osc.start();
  const p = await CapturePipeline.create(ctx, { sampleRate: 24000, frameMs: 20 });
  p.setSource(gain);
  await sleep(300);
  const lat: number[] = [];
  let t0 = 0;
  let waiting = false;
  p.on('frame', (f) => {
    if (!waiting) return;
    const onset = f.pcm.findIndex((v) => Math.abs(v) > 30);
    if (onset < 0) return;
    const t1 = performance.now();
    waiting = false;
    lat.push(t1 - t0 - ((f.pcm.length - onset) / 24000) * 1000);
  });
  for (let k = 0; k < n; k++) {
    waiting = true;
    t0 = performance.now();
    gain.gain.setValueAtTime(1, 0);
    while (waiting) await sleep(5);
    gain.gain.setValueAtTime(0, 0);
    await sleep(60 + (k % 7) * 3);
  }
  p.close();
  await ctx.close();
  return lat;
}

/**
 * Player: one 20 ms frame per new item every 60 ms, so each frame meets an idle player; latency is
 * the context time of its first rendered sample (`started`) minus the context time at `enqueue`.
 */
async function playerLatency(jitterMs: number, n: number) {
  const player = await createPlayer({ sampleRate: 24000, jitterMs });
  const ctx = player.context;
  const frame = float32ToPcm16(Float32Array.from({ length: 480 }, (_, i) => 0.3 * Math.sin(i / 5)));
  const lat: number[] = [];
  const roundTrip: number[] = [];
  await sleep(200);
  for (let k = 0; k < n; k++) {
    const started = player.next('started');
    const c0 = ctx.currentTime;
    const t0 = performance.now();
    player.enqueue(frame, { itemId: `i${k}` });
    const s = await started;
    roundTrip.push(performance.now() - t0);
    lat.push((s.time - c0) * 1000);
    await sleep(60);
  }
  const out = {
    lat,
    roundTrip,
    baseLatency: ctx.baseLatency * 1000,
    outputLatency: ctx.outputLatency * 1000,
  };
  player.close();
  return out;
}

/**
 * Flush: context frames rendered between `flush()` on the main thread and the first silent quantum,
 * and the error of flush()'s synchronous position estimate against the exact count.
 */
async function flushLatency(n: number) {
  const player = await createPlayer({ sampleRate: 24000 });
  const ctx = player.context;
  const audio = float32ToPcm16(Float32Array.from({ length: 24000 }, (_, i) => 0.3 * Math.sin(i / 5)));
  const late: number[] = [];
  const err: number[] = [];
  for (let k = 0; k < n; k++) {
    player.enqueue(audio, { itemId: `f${k}` });
    await player.next('started');
    await sleep(40 + (k % 5) * 7);
    const flushed = player.next('flushed');
    const callFrame = ctx.currentTime * 24000;
    const estimate = player.flush();
    const f = await flushed;
    late.push(((f.time * 24000 - callFrame) / 24000) * 1000);
    if (estimate && f.position) err.push(Math.abs(estimate.playedSamples - f.position.playedSamples));
  }
  player.close();
  return { late, err };
}

/** Audio-thread CPU: offline render time with the worklet minus without, per second of audio. */
async function workletCpu(kind: 'capture' | 'player', seconds: number, rate = 48000): Promise<number> {
  const frames = seconds * rate;
  const run = async (withWorklet: boolean) => {
    const ctx = new OfflineAudioContext(1, frames, rate);
    const osc = new OscillatorNode(ctx, { frequency: 440 });
    osc.start();
    if (kind === 'capture') {
      if (withWorklet) {
        await loadWorklet(ctx, 'capture');
        const node = new AudioWorkletNode(ctx, 'realtime-agents-capture', {
          numberOfInputs: 1,
          numberOfOutputs: 0,
          channelCount: 1,
          channelCountMode: 'explicit',
        });
        let blocks = 0;
        node.port.onmessage = () => blocks++;
        osc.connect(node);
        osc.connect(ctx.destination);
        const t0 = performance.now();
        await ctx.startRendering();
        const ms = performance.now() - t0;
        await sleep(50);
        expect(blocks).toBeGreaterThan((frames / 128) * 0.9);
        return ms;
      }
      osc.connect(ctx.destination);
    } else {
      if (withWorklet) {
        await loadWorklet(ctx, 'player');
        const node = new AudioWorkletNode(ctx, 'realtime-agents-player', {
          numberOfInputs: 0,
          numberOfOutputs: 1,
          outputChannelCount: [1],
        });
        let last = 0;
        node.port.onmessage = (e) => {
          if (e.data.type === 'drained') last = e.data.played;
        };
        const data = Float32Array.from({ length: frames - 256 }, (_, i) => 0.3 * Math.sin(i / 7));
        node.port.postMessage({ type: 'push', seg: 1, samples: data }, [data.buffer]);
        node.connect(ctx.destination);
        await sleep(100); // let the push reach the audio thread before rendering starts
        const t0 = performance.now();
        await ctx.startRendering();
        const ms = performance.now() - t0;
        await sleep(50);
        expect(last).toBe(frames - 256); // it really played everything
        return ms;
      }
      const g = new GainNode(ctx);
      osc.connect(g).connect(ctx.destination);
    }
    const t0 = performance.now();
    await ctx.startRendering();
    return performance.now() - t0;
  };
  const withW: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 3; i++) {
    without.push(await run(false));
    withW.push(await run(true));
  }
  return Math.max(0, pct(withW, 50) - pct(without, 50)) / seconds;
}

/**
 * Capture continuity: an oscillator is the microphone while the main thread is blocked `blocks`
 * times for `blockMs` (no event-loop turn, no port messages). Every sample of context time must
 * arrive as a frame with no silence filled in; the result is samples captured vs. context time,
 * gap frames, and breaks in the sine (a lost, repeated or zeroed sample shows as one).
 */
async function captureContinuity(blocks: number, blockMs: number) {
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  const hz = 440;
  const osc = new OscillatorNode(ctx, { frequency: hz });
  const half = new GainNode(ctx, { gain: 0.5 }); // headroom: the resampler's filter must not clip
  osc.connect(half);
  osc.start();
  const p = await CapturePipeline.create(ctx, { sampleRate: 24000, frameMs: 20 });
  const pcm: Int16Array[] = [];
  p.on('frame', (f) => pcm.push(f.pcm));
  p.setSource(half);
  while (pcm.length < 10) await sleep(20);
  const n0 = pcm.length;
  const t0 = ctx.currentTime;
  const g0 = p.gapFrames;
  for (let b = 0; b < blocks; b++) {
    const end = performance.now() + blockMs;
    while (performance.now() < end) {
      // a busy page
    }
    await sleep(100);
  }
  await sleep(300);
  const contextS = ctx.currentTime - t0;
  const got = pcm.slice(n0);
  const all = concat16(got);
  const capturedS = all.length / 24000;
  // a pure sine obeys x[n] = 2·cos(ω)·x[n−1] − x[n−2]; a lost, repeated or zeroed sample breaks it
  const k = 2 * Math.cos((2 * Math.PI * hz) / 24000);
  const breaksIn = (x: Int16Array) => {
    let n = 0;
    for (let i = 2; i < x.length; i++) if (Math.abs(x[i]! - (k * x[i - 1]! - x[i - 2]!)) > 1000) n++;
    return n;
  };
  const breaks = breaksIn(all);
  // the detector itself: one sample taken out of the middle must show
  const mid = all.length >> 1;
  const oneLost = new Int16Array([...all.subarray(0, mid), ...all.subarray(mid + 1)]);
  expect(breaksIn(oneLost) - breaks).toBeGreaterThan(0);
  const gaps = p.gapFrames - g0;
  p.close();
  await ctx.close();
  return { contextS, capturedS, gaps, breaks };
}

it('audio latency and CPU benchmark', async () => {
  row('path', 'condition', 'p50 (ms)', 'p95 (ms)', 'n');
  row('---', '---', '---', '---', '---');
  let mainCpu = 0;
  let deviceNote = '';
  for (const rate of [48000, 44100]) {
    const onset = await captureOnsetLatency(rate, 60);
    row(
      'capture (sample → frame)',
      `context ${rate / 1000} kHz → 24 kHz, wall clock (onset)`,
      f1(pct(onset, 50)),
      f1(pct(onset, 95)),
      String(onset.length),
    );
    const r = await captureLatency(rate, 5);
    mainCpu = Math.max(mainCpu, r.mainCpuMsPerS);
    row(
      'capture (sample → frame)',
      `context ${rate / 1000} kHz → 24 kHz, context clock`,
      f1(pct(r.lat, 50)),
      f1(pct(r.lat, 95)),
      String(r.lat.length),
    );
  }
  for (const jitter of [0, 20]) {
    const r = await playerLatency(jitter, 60);
    row(
      'player (frame → rendered)',
      `jitterMs ${jitter}, 24 kHz context`,
      f1(pct(r.lat, 50)),
      f1(pct(r.lat, 95)),
      String(r.lat.length),
    );
    row(
      'player (frame → `started` on main)',
      `jitterMs ${jitter}`,
      f1(pct(r.roundTrip, 50)),
      f1(pct(r.roundTrip, 95)),
      String(r.roundTrip.length),
    );
    if (jitter === 0)
      deviceNote = `Output device latency reported by the context (not included above): base ${f1(r.baseLatency)} ms, output ${f1(r.outputLatency)} ms.`;
  }
  const fl = await flushLatency(40);
  row(
    'flush (call → silent quantum)',
    '24 kHz context',
    f1(pct(fl.late, 50)),
    f1(pct(fl.late, 95)),
    String(fl.late.length),
  );
  row(
    'flush() estimate error (samples)',
    'vs. exact `flushed` count',
    String(pct(fl.err, 50)),
    String(pct(fl.err, 95)),
    String(fl.err.length),
  );
  rows.push(
    '',
    deviceNote,
    '',
    '| worklet | audio-thread CPU per second of audio (48 kHz) |',
    '| --- | --- |',
  );
  rows.push(`| capture.worklet | ${f2(await workletCpu('capture', 30))} ms |`);
  rows.push(`| player.worklet | ${f2(await workletCpu('player', 30))} ms |`);
  rows.push(`| capture main thread (resample 48k→24k, frame, meter) | ${f2(mainCpu)} ms |`);
  const c = await captureContinuity(5, 400);
  rows.push(
    '',
    '| capture continuity (main thread blocked 5 × 400 ms) | context time | audio captured | gap frames (silence filled) | waveform breaks |',
    '| --- | --- | --- | --- | --- |',
    `| CapturePipeline 48 kHz → 24 kHz, 20 ms frames | ${f2(c.contextS)} s | ${f2(c.capturedS)} s (${f1((c.capturedS / c.contextS) * 100)} %) | ${c.gaps} | ${c.breaks} |`,
  );
  console.log(`\n${rows.join('\n')}\n\n${navigator.userAgent}\n`);
}, 120_000);
