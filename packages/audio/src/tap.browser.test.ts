import { afterEach, describe, expect, it } from 'vitest';
import { RAW_MIC, sleep, until } from '../test/signals.js';
import { AudioError } from './errors.js';
import type { AudioFrame } from './frame.js';
import { createAudioInjector } from './injector.js';
import { float32ToPcm16 } from './pcm.js';
import { createNodeTap, createStreamTap } from './tap.js';

const closers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

/** Send `stream` through a loopback RTCPeerConnection pair; resolves with the remote stream. */
async function loopback(stream: MediaStream): Promise<MediaStream> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  closers.push({ close: () => a.close() }, { close: () => b.close() });
  a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
  for (const t of stream.getTracks()) a.addTrack(t, stream);
  const remote = new Promise<MediaStream>((resolve) => {
    b.ontrack = (e) => resolve(e.streams[0]!);
  });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  return remote;
}

describe('stream tap', () => {
  it('taps a remote WebRTC audio stream (Chromium needs it on an <audio> element) into speech frames', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: RAW_MIC });
    closers.push({ close: () => mic.getTracks().forEach((t) => void t.stop()) });
    const remote = await loopback(mic);
    const frames: AudioFrame[] = [];
    const tap = await createStreamTap(remote, { sampleRate: 24000, onFrame: (f) => frames.push(f) });
    closers.push(tap);
    await until(() => frames.some((f) => f.rmsDbfs > -35), 8000, 'speech on the remote track');
    expect(frames[0]!.pcm.length).toBe(480);
    expect(tap.workletSource).toBe('url');
  });

  it('emits track_ended when the tapped track ends, and never stops the tapped tracks', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: RAW_MIC });
    const tap = await createStreamTap(mic);
    closers.push(tap);
    const err = tap.next('error');
    const track = mic.getAudioTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
    expect((await err).code).toBe('track_ended');
    const mic2 = await navigator.mediaDevices.getUserMedia({ audio: RAW_MIC });
    const tap2 = await createStreamTap(mic2);
    tap2.close();
    expect(mic2.getAudioTracks()[0]!.readyState).toBe('live');
    for (const t of mic2.getTracks()) t.stop();
  });

  it('rejects streams without a live audio track', async () => {
    await expect(createStreamTap(new MediaStream())).rejects.toThrow(AudioError);
    await expect(createStreamTap(new MediaStream())).rejects.toThrow(/no audio track/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    await expect(createStreamTap(null as any)).rejects.toThrow(/expected a MediaStream/);
  });
});

describe('injection', () => {
  it('turns PCM16 frames into a MediaStreamTrack that carries them (also over WebRTC)', async () => {
    const inj = await createAudioInjector({ sampleRate: 24000 });
    closers.push(inj);
    expect(inj.track.kind).toBe('audio');
    expect(inj.track.readyState).toBe('live');
    const remote = await loopback(inj.stream);
    const frames: AudioFrame[] = [];
    const local: AudioFrame[] = [];
    const tap = await createStreamTap(remote, { onFrame: (f) => frames.push(f) });
    const localTap = await createStreamTap(inj.stream, { onFrame: (f) => local.push(f) });
    closers.push(tap, localTap);
    await sleep(300);
    const quietRemote = Math.max(...frames.map((f) => f.rmsDbfs));
    // 1 s of a 440 Hz sine at amplitude 0.5 (−9 dBFS RMS), pushed as 20 ms frames
    const tone = float32ToPcm16(
      Float32Array.from({ length: 24000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 24000)),
    );
    const n0 = local.length;
    for (let i = 0; i < tone.length; i += 480) inj.push(tone.subarray(i, i + 480));
    await inj.player.next('drained');
    expect(inj.player.positionOf('injected')!.playedMs).toBe(1000);
    await sleep(300);
    const loud = local.slice(n0).filter((f) => f.rmsDbfs > -10 && f.rmsDbfs < -8);
    expect(loud.length).toBeGreaterThan(35); // ≈ 50 frames of the tone, exactly at its level
    expect(quietRemote).toBeLessThan(-60);
    expect(frames.some((f) => f.rmsDbfs > -15)).toBe(true); // arrived over WebRTC (Opus)
    inj.clear();
    expect(inj.player.queuedMs).toBe(0);
    inj.close();
    expect(inj.track.readyState).toBe('ended');
    expect(() => inj.push(tone)).toThrow(/closed/);
  });
});

describe('node tap', () => {
  it('meters any AudioNode', async () => {
    const ctx = new AudioContext();
    closers.push({ close: () => void ctx.close() });
    const osc = new OscillatorNode(ctx, { frequency: 1000 });
    const gain = new GainNode(ctx, { gain: 0.25 });
    osc.connect(gain);
    osc.start();
    const levels: number[] = [];
    const tap = await createNodeTap(gain, { onLevel: (l) => levels.push(l.rmsDbfs) });
    closers.push(tap);
    await until(() => levels.length > 20, 3000, 'levels');
    // 0.25 amplitude sine: −12.04 dBFS peak, −15.05 dBFS RMS
    // (a frame can dip where Chromium skipped a render quantum under load: the output was silent then)
    const exact = levels.slice(5).filter((l) => Math.abs(l - -15.05) < 0.2);
    expect(exact.length).toBeGreaterThanOrEqual(0.8 * levels.slice(5).length);
  });
});
