import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  median,
  windowedCorrelation,
  bestCorrelation,
  concat16,
  envelopeDb,
  loadSpeech,
  RAW_MIC,
  sleep,
  until,
} from '../test/signals.js';
import { createMicCapture, type MicCapture } from './capture.js';
import { listAudioDevices } from './devices.js';
import { AudioError } from './errors.js';
import type { AudioFrame } from './frame.js';
import { mulawDecode, mulawEncode } from './g711.js';
import { pcm16ToFloat32 } from './pcm.js';
import { resample } from './resampler.js';

const open: MicCapture[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  vi.restoreAllMocks();
});

async function capture(opts: Parameters<typeof createMicCapture>[0] = {}) {
  const frames: AudioFrame[] = [];
  const mic = await createMicCapture({ ...opts, onFrame: (f) => frames.push(f) });
  open.push(mic);
  return { mic, frames };
}

async function expectAudioError(p: Promise<unknown> | (() => unknown), code: string, message: RegExp) {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AudioError);
  expect((err as AudioError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe('mic capture', () => {
  it('delivers 20 ms PCM16 frames at 24 kHz whose levels follow the speech', async () => {
    const { mic, frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 200, 10_000, '200 frames');
    expect(mic.workletSource).toBe('url');
    expect([44100, 48000]).toContain(mic.context.sampleRate);
    for (const f of frames) {
      expect(f.pcm.length).toBe(480);
      expect(f.sampleRate).toBe(24000);
      expect(f.data.byteLength).toBe(960);
    }
    expect(frames.map((f) => f.index)).toEqual(frames.map((_, i) => i));
    // frames are contiguous in time
    for (let i = 1; i < frames.length; i++)
      expect(frames[i]!.time - frames[i - 1]!.time).toBeCloseTo(0.02, 6);

    const speech = await loadSpeech();
    const ref = envelopeDb(speech.samples, (speech.sampleRate * 20) / 1000);
    const got = frames.map((f) => Math.max(-100, f.rmsDbfs));
    // per 1 s window, aligned on its own (a loaded machine can make the fake microphone stall)
    const rs: number[] = [];
    for (let w = 0; w + 50 <= got.length; w += 50) {
      rs.push(bestCorrelation(ref, got.slice(w, w + 50), -w - 60, -w + 60).r);
    }
    expect(median(rs)).toBeGreaterThan(0.9);
    expect(Math.max(...got)).toBeGreaterThan(-25); // speech
    expect(Math.min(...got)).toBeLessThan(-60); // pauses
  });

  it('captures a waveform that correlates ≥ 0.9 with the source file', async () => {
    const { frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 150, 10_000, '150 frames');
    const got = pcm16ToFloat32(concat16(frames.map((f) => f.pcm)));
    const speech = await loadSpeech();
    const ref = resample(speech.samples, speech.sampleRate, 24000);
    const rs = windowedCorrelation(ref, got, 24000, { windowS: 0.25, driftS: 0.06 });
    expect(rs.length).toBeGreaterThanOrEqual(3);
    expect(median(rs), rs.map((r) => r.toFixed(2)).join(' ')).toBeGreaterThanOrEqual(0.9);
  });

  it('loses no microphone audio while the main thread is blocked (5 × 400 ms)', async () => {
    const { mic, frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 10, 10_000, 'first frames');
    const t0 = mic.context.currentTime;
    const n0 = frames.length;
    const g0 = mic.gapFrames;
    for (let block = 0; block < 5; block++) {
      const end = performance.now() + 400;
      while (performance.now() < end) {
        // a busy page: no event loop turn, no port messages
      }
      await sleep(100);
    }
    await sleep(300);
    const audioS = mic.context.currentTime - t0;
    const capturedS = ((frames.length - n0) * mic.frameMs) / 1000;
    expect(mic.gapFrames - g0, `frames filled with silence (before blocking: ${g0})`).toBe(0);
    // every 20 ms of context time arrived as a frame (the last frame may still be filling)
    expect(capturedS).toBeGreaterThanOrEqual(audioS - 0.1);
    expect(capturedS).toBeLessThanOrEqual(audioS + 0.1);
    const got = pcm16ToFloat32(concat16(frames.map((f) => f.pcm)));
    const speech = await loadSpeech();
    const ref = resample(speech.samples, speech.sampleRate, 24000);
    const rs = windowedCorrelation(ref, got, 24000, { windowS: 0.25, driftS: 0.06 });
    expect(median(rs), rs.map((r) => r.toFixed(2)).join(' ')).toBeGreaterThanOrEqual(0.9);
  });

  it('encodes G.711 μ-law frames at 8 kHz', async () => {
    const { mic, frames } = await capture({ encoding: 'g711_ulaw', frameMs: 40, constraints: RAW_MIC });
    await until(() => frames.length >= 10, 5000, 'frames');
    expect(mic.sampleRate).toBe(8000);
    for (const f of frames) {
      expect(f.encoding).toBe('g711_ulaw');
      expect(f.pcm.length).toBe(320);
      expect(Array.from(f.data)).toEqual(Array.from(mulawEncode(f.pcm)));
    }
    expect(mulawDecode(frames[0]!.data).length).toBe(320);
  });

  it('mutes without stopping the track and keeps the frame cadence', async () => {
    const { mic, frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 60, 5000, 'frames');
    mic.mute(true);
    const from = frames.length + 2;
    await until(() => frames.length >= from + 40, 5000, 'muted frames');
    const muted = frames.slice(from);
    expect(muted.every((f) => f.muted && f.rmsDbfs === -120 && f.pcm.every((v) => v === 0))).toBe(true);
    expect(mic.track.readyState).toBe('live');
    expect(mic.track.enabled).toBe(true);
    mic.mute(false);
    const back = frames.length + 2;
    await until(() => frames.length >= back + 60, 5000, 'unmuted frames');
    expect(frames.slice(back).some((f) => !f.muted && f.rmsDbfs > -50)).toBe(true);
  });

  it('swaps the input device without a gap in frames', async () => {
    const { mic, frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 20, 5000, 'frames');
    const { inputs } = await listAudioDevices();
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs[0]!.label).not.toBe(''); // permission granted → labels
    const other =
      inputs.find((d) => !d.isDefault && d.deviceId !== mic.track.getSettings().deviceId) ?? inputs[1]!;
    const oldTrack = mic.track;
    const changes: string[] = [];
    mic.on('trackchange', (e) => changes.push(e.track.id));
    const before = frames.length;
    const t0 = performance.now();
    await mic.setDevice(other.deviceId);
    expect(changes).toEqual([mic.track.id]);
    expect(mic.track).not.toBe(oldTrack);
    expect(oldTrack.readyState).toBe('ended');
    expect(mic.deviceId).toBe(other.deviceId);
    await sleep(1000);
    const elapsed = performance.now() - t0;
    const after = frames.slice(before);
    // frames kept flowing at the real-time rate (≥ 80% of the wall time is covered) with no index gap
    expect(after.length * 20).toBeGreaterThan(0.8 * elapsed);
    expect(after.map((f) => f.index)).toEqual(after.map((_, i) => before + i));
    expect(after.slice(-20).some((f) => f.rmsDbfs > -60)).toBe(true); // the new device delivers audio
  });

  it('falls back to the default microphone when the track ends', async () => {
    const { mic, frames } = await capture({ constraints: RAW_MIC });
    await until(() => frames.length >= 5, 5000, 'frames');
    const errors: AudioError[] = [];
    mic.on('error', (e) => errors.push(e));
    const fallback = mic.next('devicefallback');
    const old = mic.track;
    old.stop();
    old.dispatchEvent(new Event('ended')); // stop() does not fire 'ended' on the page's own track
    await fallback;
    expect(errors[0]?.code).toBe('track_ended');
    expect(errors[0]?.message).toMatch(/Falling back to the default microphone/);
    expect(mic.track.readyState).toBe('live');
    const n = frames.length;
    await until(() => frames.length >= n + 10, 5000, 'frames after fallback');
  });

  it('uses a given stream and leaves its tracks running on close', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: RAW_MIC });
    const { mic, frames } = await capture({ stream });
    await until(() => frames.length >= 5, 5000, 'frames');
    mic.close();
    expect(stream.getAudioTracks()[0]!.readyState).toBe('live');
    for (const t of stream.getTracks()) t.stop();
  });
});

describe('capture bad input', () => {
  it('rejects a stream without audio, an ended track and a closed context', async () => {
    await expectAudioError(
      createMicCapture({ stream: new MediaStream() }),
      'no_audio_track',
      /has no audio track/,
    );
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
    await expectAudioError(createMicCapture({ stream: s }), 'track_ended', /already ended/);
    const ctx = new AudioContext();
    await ctx.close();
    await expectAudioError(createMicCapture({ context: ctx }), 'context_closed', /AudioContext is closed/);
  });

  it('rejects bad rates, encodings and frame lengths with the allowed values', async () => {
    await expectAudioError(
      createMicCapture({ encoding: 'g711_alaw', sampleRate: 24000 }),
      'invalid_sample_rate',
      /8000/,
    );
    await expectAudioError(
      createMicCapture({ sampleRate: 100 }),
      'invalid_sample_rate',
      /between 3000 and 384000/,
    );
    await expectAudioError(createMicCapture({ frameMs: 0.01 }), 'invalid_argument', /frameMs/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    await expectAudioError(createMicCapture({ encoding: 'opus' as any }), 'invalid_argument', /pcm16/);
  });

  it('explains a denied microphone permission and a missing device', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValueOnce(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    await expectAudioError(createMicCapture(), 'permission_denied', /allow microphone access/);
    await expectAudioError(
      createMicCapture({ deviceId: 'no-such-device' }),
      'device_not_found',
      /no-such-device.*listAudioDevices/,
    );
  });
});
