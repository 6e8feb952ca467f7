import { describe, expect, it } from 'vitest';
import { createDownsampler48to24, createUpsampler24to48 } from './pcm-rate.ts';
import { rms, sine, zeroCrossingFrequency } from './test-support.ts';

function runChunked(convert: (x: Int16Array) => Int16Array, input: Int16Array, chunk: number): Int16Array {
  const parts: Int16Array[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(convert(input.subarray(i, i + chunk)));
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('48 kHz ↔ 24 kHz stop-gap converters', () => {
  it('downsampling keeps a 1 kHz tone’s frequency and level, in any chunking (odd sizes too)', () => {
    const input = sine(1000, 48000, 48000, 0.5);
    const whole = createDownsampler48to24()(input);
    const chunked = runChunked(createDownsampler48to24(), input, 333);
    expect(whole).toHaveLength(24000);
    expect(chunked).toEqual(whole);
    expect(zeroCrossingFrequency(whole.subarray(100), 24000)).toBeCloseTo(1000, -1);
    expect(rms(whole.subarray(100))).toBeCloseTo(0.354, 1);
  });

  it('downsampling attenuates a tone above the new Nyquist (no loud alias)', () => {
    const out = createDownsampler48to24()(sine(18000, 48000, 48000, 0.5));
    expect(rms(out.subarray(100))).toBeLessThan(0.05);
  });

  it('upsampling doubles the length and keeps the tone', () => {
    const input = sine(440, 24000, 24000, 0.5);
    const out = runChunked(createUpsampler24to48(), input, 480);
    expect(out).toHaveLength(48000);
    expect(zeroCrossingFrequency(out.subarray(100), 48000)).toBeCloseTo(440, -1);
    expect(rms(out.subarray(100))).toBeCloseTo(0.354, 1);
  });

  it('clamps instead of wrapping at full scale', () => {
    const loud = new Int16Array(480).fill(32767);
    const out = createUpsampler24to48()(loud);
    expect(Math.min(...out.subarray(40))).toBeGreaterThan(30000);
  });
});
