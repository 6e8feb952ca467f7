import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.js';
import { Resampler, resample } from './resampler.js';

/** Linear chirp from f0 to f1 Hz over `seconds`, amplitude `amp`, sampled at `rate`. */
function sweep(rate: number, seconds: number, f0: number, f1: number, amp = 0.5, t0 = 0): Float64Array {
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n);
  const k = (f1 - f0) / seconds;
  for (let i = 0; i < n; i++) {
    const t = i / rate + t0;
    out[i] = amp * Math.sin(2 * Math.PI * (f0 * t + 0.5 * k * t * t));
  }
  return out;
}

/** SNR in dB of `actual` against `ideal`, ignoring `skip` samples at each edge. */
function snrDb(actual: ArrayLike<number>, ideal: ArrayLike<number>, skip: number, scale = 1): number {
  let sig = 0;
  let err = 0;
  const n = Math.min(actual.length, ideal.length);
  for (let i = skip; i < n - skip; i++) {
    const e = actual[i]! / scale - ideal[i]!;
    sig += ideal[i]! ** 2;
    err += e * e;
  }
  return 10 * Math.log10(sig / err);
}

const cases = [
  [48000, 24000],
  [44100, 24000],
  [24000, 48000],
  [8000, 24000],
  [24000, 8000],
  [44100, 8000],
  [48000, 44100],
  [24000, 23999], // irrational-looking ratio: interpolated phases
] as const;

describe('resample', () => {
  it.each(cases)('%i → %i Hz keeps SNR ≥ 40 dB on a sine sweep up to 0.4 × the lower rate', (from, to) => {
    const top = 0.4 * Math.min(from, to);
    const x = sweep(from, 1, 50, top);
    const ideal = sweep(to, 1, 50, top);
    const f32 = resample(Float32Array.from(x), from, to);
    expect(f32.length).toBe(Math.ceil((x.length * to) / from));
    expect(snrDb(f32, ideal, Math.round(to * 0.01))).toBeGreaterThanOrEqual(40);
    const i16 = resample(
      Int16Array.from(x, (v) => Math.round(v * 32767)),
      from,
      to,
    );
    expect(snrDb(i16, ideal, Math.round(to * 0.01), 32767)).toBeGreaterThanOrEqual(40);
  });

  it('removes content above the output Nyquist frequency (≥ 60 dB below the input)', () => {
    const x = Float32Array.from(sweep(48000, 0.5, 13000, 20000)); // all above 12 kHz
    const y = resample(x, 48000, 24000);
    let p = 0;
    for (let i = 200; i < y.length - 200; i++) p += y[i]! ** 2;
    const db = 10 * Math.log10(p / (y.length - 400) / (0.5 * 0.25));
    expect(db).toBeLessThan(-60);
  });

  it('passes through equal rates as a copy', () => {
    const x = new Int16Array([1, 2, 3]);
    const y = resample(x, 24000, 24000);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
  });

  it('rejects bad rates with an AudioError naming the option', () => {
    expect(() => resample(new Int16Array(4), 0, 24000)).toThrow(AudioError);
    expect(() => new Resampler(48000, Number.NaN)).toThrow(/toRate must be a positive whole number/);
    expect(() => new Resampler(44100.5, 24000)).toThrow(/fromRate/);
  });
});

describe('Resampler (streaming)', () => {
  it.each(cases)('%i → %i Hz in random chunks equals the one-shot result', (from, to) => {
    const x = Float32Array.from(sweep(from, 0.3, 100, 0.4 * Math.min(from, to)));
    const whole = resample(x, from, to);
    const rs = new Resampler(from, to);
    const parts: number[] = [];
    let seed = 7;
    for (let i = 0; i < x.length; ) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = 1 + (seed % 700);
      parts.push(...rs.process(x.subarray(i, i + n)));
      i += n;
    }
    parts.push(...rs.flush());
    expect(parts.length).toBe(whole.length);
    let maxDiff = 0;
    for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(parts[i]! - whole[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('emits output within its look-ahead and keeps Int16 type', () => {
    const rs = new Resampler(48000, 24000);
    expect(rs.delayInputSamples).toBeGreaterThan(0);
    expect(rs.delayInputSamples / 48000).toBeLessThan(0.002);
    const out = rs.process(new Int16Array(960));
    expect(out).toBeInstanceOf(Int16Array);
    // everything whose look-ahead has arrived: 480 outputs minus the delay
    expect(out.length).toBe(Math.floor((960 - rs.delayInputSamples - 1) / 2) + 1);
    expect(rs.flush().length).toBe(480 - out.length);
  });

  it('reset() starts a new stream', () => {
    const rs = new Resampler(24000, 48000);
    const a = rs.process(new Float32Array(100).fill(0.25));
    rs.reset();
    const b = rs.process(new Float32Array(100).fill(0.25));
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
