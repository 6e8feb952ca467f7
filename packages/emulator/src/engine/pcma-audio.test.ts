/** G.711 A-law (`audio/pcma`) over WebSocket end to end: speech out, compared with pcmu and pcm; A-law in through server VAD. */
import { alawDecode, alawEncode, mulawDecode, resample } from '@realtime-agents/audio/codecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { silence, speechLike, TestClient } from '../test-support.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 15 });
});
afterAll(async () => {
  await emu.close();
});

const TEXT = 'Please tell me about the weather in Oslo today.';

const connect = (session?: Record<string, unknown>) => TestClient.open(emu.wsUrl, session);

/** One text turn with output in `type`; returns the concatenated audio delta bytes and the done event. */
async function textTurn(type: 'audio/pcm' | 'audio/pcmu' | 'audio/pcma') {
  const c = await connect({ audio: { output: { format: { type } } } });
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: TEXT }] },
  });
  c.send({ type: 'response.create' });
  const done = await c.waitFor('response.done', 10_000);
  const deltas = c.events
    .filter((e) => e.type === 'response.output_audio.delta')
    .map((e) => Buffer.from(e.delta, 'base64'));
  const transcript = done.response.output[0].content[0].transcript as string;
  await c.close();
  return { bytes: new Uint8Array(Buffer.concat(deltas)), deltas, done, transcript };
}

const rms = (x: ArrayLike<number>, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / Math.max(1, to - from));
};

function correlation(a: Int16Array, b: Int16Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Per-20 ms-window RMS and zero-crossing rate (crossings per sample) of 8 kHz PCM, over voiced windows only. */
function windows(pcm: Int16Array): { levels: number[]; zcrs: number[] } {
  const levels: number[] = [];
  const zcrs: number[] = [];
  for (let i = 0; i + 160 <= pcm.length; i += 160) {
    const level = rms(pcm, i, i + 160);
    let crossings = 0;
    for (let j = i + 1; j < i + 160; j++) if (pcm[j - 1]! < 0 !== pcm[j]! < 0) crossings++;
    levels.push(level);
    if (level > 300) zcrs.push(crossings / 160);
  }
  return { levels, zcrs };
}

const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

describe('G.711 A-law over WebSocket', () => {
  it('pcma output: 8 kHz A-law speech, same duration as pcmu/pcm, same waveform as pcmu', async () => {
    const [pcma, pcmu, pcm] = [
      await textTurn('audio/pcma'),
      await textTurn('audio/pcmu'),
      await textTurn('audio/pcm'),
    ];
    expect(pcma.transcript).toBe(pcmu.transcript);
    expect(pcma.transcript).toBe(pcm.transcript);
    expect(pcma.done.response.audio.output.format).toEqual({ type: 'audio/pcma' });

    // One byte per sample at 8 kHz: 8 bytes per ms; usage audio tokens count 50 ms each.
    const pcmaMs = pcma.bytes.length / 8;
    const pcmuMs = pcmu.bytes.length / 8;
    const pcmMs = pcm.bytes.length / 48;
    expect(pcmaMs).toBeGreaterThan(1000);
    const tokens = pcma.done.response.usage.output_token_details.audio_tokens;
    expect(Math.abs(pcmaMs / 50 - tokens)).toBeLessThanOrEqual(1);
    expect(Math.abs(pcmaMs - pcmuMs)).toBeLessThanOrEqual(3);
    expect(Math.abs(pcmaMs - pcmMs)).toBeLessThanOrEqual(3);

    const decoded = alawDecode(pcma.bytes);
    expect(decoded.length).toBe(pcma.bytes.length);

    // Audible speech, not silence and not a constant tone.
    const level = rms(decoded);
    expect(level).toBeGreaterThan(1000);
    const { levels, zcrs } = windows(decoded);
    expect(zcrs.length).toBeGreaterThan(10);
    expect(spread(levels)).toBeGreaterThan(level * 0.5);
    expect(spread(zcrs)).toBeGreaterThan(0.02);

    // pcmu and pcma encode the same 8 kHz PCM: after decoding they nearly agree.
    const fromMulaw = mulawDecode(pcmu.bytes);
    const corrULaw = correlation(decoded, fromMulaw);
    expect(corrULaw).toBeGreaterThan(0.9);
    // The bytes really are A-law: they differ from the μ-law bytes, and misreading them as μ-law
    // lands far from the μ-law rendering while reading them as A-law lands close.
    expect(Buffer.from(pcma.bytes).equals(Buffer.from(pcmu.bytes))).toBe(false);
    const asMulaw = mulawDecode(pcma.bytes);
    const errALaw = rms(decoded.map((v, i) => v - fromMulaw[i]!));
    const errAsMulaw = rms(asMulaw.map((v, i) => v - fromMulaw[i]!));
    expect(errALaw).toBeLessThan(errAsMulaw / 4);
    // And against the 24 kHz PCM rendering, downsampled to 8 kHz.
    const pcm24 = new Int16Array(
      pcm.bytes.buffer.slice(pcm.bytes.byteOffset, pcm.bytes.byteOffset + pcm.bytes.length),
    );
    const corrPcm = correlation(decoded, resample(pcm24, 24000, 8000));
    expect(corrPcm).toBeGreaterThan(0.9);
  }, 20_000);

  it('pcma input: A-law speech through server VAD → speech_started/stopped at plausible times', async () => {
    const c = await connect({ audio: { input: { format: { type: 'audio/pcma' } } } });
    const alaw = alawEncode(
      resample(new Int16Array([...silence(400), ...speechLike(1200), ...silence(400)]), 24000, 8000),
    );
    expect(alaw.length).toBe(2000 * 8);
    for (let i = 0; i < alaw.length; i += 160)
      c.send({
        type: 'input_audio_buffer.append',
        audio: Buffer.from(alaw.subarray(i, i + 160)).toString('base64'),
      });
    const stopped = await c.waitFor('input_audio_buffer.speech_stopped', 8000);
    const started = c.events.find((e) => e.type === 'input_audio_buffer.speech_started')!;
    expect(stopped.item_id).toBe(started.item_id);
    // Speech spans 400–1600 ms; server VAD pads the start by its prefix and ends after its silence window.
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(0);
    expect(started.audio_start_ms).toBeLessThanOrEqual(450);
    expect(stopped.audio_end_ms).toBeGreaterThanOrEqual(1600);
    expect(stopped.audio_end_ms).toBeLessThanOrEqual(2000);
    const committed = await c.waitFor('input_audio_buffer.committed');
    expect(committed.item_id).toBe(started.item_id);
    await c.waitFor('response.done', 8000);
    c.send({ type: 'conversation.item.retrieve', item_id: started.item_id });
    const retrieved = await c.next('conversation.item.retrieved');
    const stored = Buffer.from(retrieved.item.content[0].audio, 'base64');
    // Stored in the session's input format: A-law, 8 bytes per ms, from audio_start_ms to audio_end_ms.
    expect(stored.length).toBe((stopped.audio_end_ms - started.audio_start_ms) * 8);
    expect(rms(alawDecode(new Uint8Array(stored)))).toBeGreaterThan(1000);
    await c.close();
  }, 15_000);
});
