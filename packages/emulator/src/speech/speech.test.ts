/** Speech out: espeak-ng (optional) and the built-in formant fallback are speech-like, not tones. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rmsDb } from '../engine/vad.js';
import { espeakAvailable } from './espeak.js';
import { formantSpeech } from './formant.js';
import { createSynthesizer } from './synthesizer.js';
import { readWav, writeWav } from './wav.js';

/** Per-50 ms RMS levels (dBFS) and zero-crossing rates. */
function profile(pcm: Int16Array) {
  const frame = 1200;
  const levels: number[] = [];
  const zcr: number[] = [];
  for (let i = 0; i + frame <= pcm.length; i += frame) {
    levels.push(rmsDb(pcm, i, i + frame));
    let z = 0;
    for (let j = i + 1; j < i + frame; j++) if (pcm[j - 1]! < 0 !== pcm[j]! < 0) z++;
    zcr.push(z);
  }
  return { levels, zcr };
}

function expectSpeechLike(pcm: Int16Array) {
  const { levels, zcr } = profile(pcm);
  const loud = levels.filter((l) => l > -40);
  expect(loud.length / levels.length).toBeGreaterThan(0.4); // mostly audible
  expect(Math.max(...levels) - Math.min(...levels)).toBeGreaterThan(20); // pauses between words
  const voicedZcr = zcr.filter((_, i) => levels[i]! > -40);
  expect(Math.max(...voicedZcr) - Math.min(...voicedZcr)).toBeGreaterThan(20); // spectrum changes: not a tone
}

const hasSox = (() => {
  try {
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('speech synthesis', () => {
  it('formant fallback: speech-like level and spectrum changes, deterministic', () => {
    const a = formantSpeech('The weather in Paris is sunny, twenty two degrees.');
    expect(a.length / 24000).toBeGreaterThan(2);
    expectSpeechLike(a);
    expect(formantSpeech('The weather in Paris is sunny, twenty two degrees.')).toEqual(a);
  });

  it('espeak-ng (optional dependency) produces speech at 24 kHz', async () => {
    expect(await espeakAvailable()).toBe(true);
    const synth = createSynthesizer({ engine: 'espeak' });
    const pcm = await synth.synthesize('The weather in Paris is sunny, twenty two degrees.', 'alloy', 1);
    expect(pcm.length / 24000).toBeGreaterThan(2);
    expect(pcm.length / 24000).toBeLessThan(6);
    expectSpeechLike(pcm);
    expect(await synth.synthesize('The weather in Paris is sunny, twenty two degrees.', 'alloy', 1)).toBe(
      pcm,
    ); // cached
    const fast = await synth.synthesize('The weather in Paris is sunny, twenty two degrees.', 'alloy', 1.5);
    expect(fast.length).toBeLessThan(pcm.length * 0.8);
  });

  it('WAV round trip', () => {
    const pcm = formantSpeech('hi');
    const back = readWav(writeWav(pcm, 24000));
    expect(back.sampleRate).toBe(24000);
    expect(back.samples).toEqual(pcm);
    expect(() => readWav(new Uint8Array(10))).toThrow('Not a RIFF/WAVE file');
  });

  it.skipIf(!hasSox)('sox agrees: audible, correct duration', async () => {
    const pcm = await createSynthesizer().synthesize(
      'Hello! You said: what is the weather in Paris.',
      'marin',
      1,
    );
    const dir = mkdtempSync(join(tmpdir(), 'emu-speech-'));
    const file = join(dir, 'answer.wav');
    writeFileSync(file, writeWav(pcm, 24000));
    const out = execFileSync('sh', ['-c', `sox "${file}" -n stat 2>&1`], { encoding: 'utf8' });
    const num = (name: string) => Number(new RegExp(`${name}:\\s+([-\\d.]+)`).exec(out)![1]);
    expect(num('Length \\(seconds\\)')).toBeCloseTo(pcm.length / 24000, 2);
    expect(num('RMS\\s+amplitude')).toBeGreaterThan(0.03);
    expect(num('Maximum amplitude')).toBeLessThanOrEqual(1);
  });
});
