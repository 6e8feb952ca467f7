/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc filter evaluated as a polyphase FIR.
 * Rational ratios (every rate pair in practice: 8/16/22.05/24/44.1/48 kHz) use one exact filter phase
 * per output position; other ratios interpolate linearly between 1024 phases. Stopband ≈ 80 dB,
 * passband flat to ~0.41 × the lower rate, cutoff at 0.46 × the lower rate.
 * @module
 */
import { AudioError } from './errors.js';

/** Zero crossings of the sinc on each side of the centre (filter length in units of the lower rate). */
const ZEROS = 24;
/** Cutoff as a fraction of the lower rate's Nyquist frequency. */
const CUTOFF = 0.92;
/** Kaiser β for ≈ 80 dB stopband attenuation. */
const BETA = 7.86;
const MAX_EXACT_PHASES = 2048;
const INTERP_PHASES = 1024;

type Samples = Int16Array | Float32Array;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0 || Math.floor(rate) !== rate) {
    throw new AudioError(
      'invalid_sample_rate',
      `${name} must be a positive whole number of Hz (e.g. 24000), got ${String(rate)}.`,
    );
  }
}

/**
 * A streaming resampler that keeps filter state between chunks, so a stream cut into arbitrary
 * chunks resamples exactly like the whole signal. Output sample `n` sits at input time
 * `n * fromRate / toRate` (no phase shift); it is emitted once the filter's look-ahead
 * ({@link Resampler.delayInputSamples}) has arrived, and {@link Resampler.flush} emits the rest.
 * @example
 * const rs = new Resampler(48000, 24000);
 * mic.onChunk = (f32) => send(rs.process(f32)); // Float32Array in → Float32Array out
 * const tail = rs.flush();
 */
export class Resampler {
  /** Input rate in Hz. */
  readonly fromRate: number;
  /** Output rate in Hz. */
  readonly toRate: number;
  /** Input samples the filter looks ahead: the resampler's added latency is this / fromRate seconds. */
  readonly delayInputSamples: number;
  readonly #up: number;
  readonly #down: number;
  readonly #taps: number;
  readonly #phases: number;
  readonly #exact: boolean;
  readonly #table: Float32Array;
  #buf: Float32Array;
  #bufLen = 0;
  /** Absolute input index of `#buf[0]`. */
  #base = 0;
  /** Integer part of the next output's input position. */
  #ipos = 0;
  /** Fractional part of the next output's input position, in units of 1/#up. */
  #rpos = 0;
  #received = 0;
  #lastKind: 'int16' | 'float32' = 'float32';

  constructor(fromRate: number, toRate: number) {
    checkRate('fromRate', fromRate);
    checkRate('toRate', toRate);
    this.fromRate = fromRate;
    this.toRate = toRate;
    const g = gcd(fromRate, toRate);
    this.#up = toRate / g;
    this.#down = fromRate / g;
    const fc = 0.5 * Math.min(1, toRate / fromRate) * CUTOFF; // cycles per input sample
    const halfWidth = ZEROS / (2 * fc);
    const half = Math.ceil(halfWidth);
    this.delayInputSamples = fromRate === toRate ? 0 : half;
    this.#taps = 2 * half;
    this.#exact = this.#up <= MAX_EXACT_PHASES;
    this.#phases = this.#exact ? this.#up : INTERP_PHASES;
    const rows = this.#exact ? this.#phases : this.#phases + 1;
    this.#table = new Float32Array(rows * this.#taps);
    const i0beta = besselI0(BETA);
    for (let p = 0; p < rows; p++) {
      const frac = p / this.#phases;
      let sum = 0;
      for (let j = 0; j < this.#taps; j++) {
        // tap j multiplies input sample (i - half + 1 + j) for an output at input time i + frac
        const tau = frac + half - 1 - j;
        const r = tau / halfWidth;
        let h = 0;
        if (r > -1 && r < 1) {
          const arg = 2 * fc * tau;
          const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
          h = 2 * fc * sinc * (besselI0(BETA * Math.sqrt(1 - r * r)) / i0beta);
        }
        this.#table[p * this.#taps + j] = h;
        sum += h;
      }
      for (let j = 0; j < this.#taps; j++) this.#table[p * this.#taps + j]! /= sum; // exact DC gain
    }
    this.#buf = new Float32Array(Math.max(4096, this.#taps * 4));
    this.reset();
  }

  /** Forget all state and start a new stream. */
  reset(): void {
    // `half - 1` zeros stand for the silence before the first sample
    const half = this.#taps / 2;
    this.#buf.fill(0);
    this.#bufLen = half - 1;
    this.#base = -(half - 1);
    this.#ipos = 0;
    this.#rpos = 0;
    this.#received = 0;
  }

  /** Resample the next chunk of the stream; the output has the input's type. */
  process(input: Int16Array): Int16Array;
  process(input: Float32Array): Float32Array;
  process(input: Samples): Samples;
  process(input: Samples): Samples {
    this.#lastKind = input instanceof Int16Array ? 'int16' : 'float32';
    if (this.fromRate === this.toRate) return input.slice();
    this.#append(input);
    this.#received += input.length;
    return this.#emit(this.#received - 1, input instanceof Int16Array);
  }

  /**
   * End of stream: emit the outputs still waiting for look-ahead (treating what follows as silence),
   * then reset. Returns the type of the last `process` input unless `kind` says otherwise.
   */
  flush(kind: 'int16'): Int16Array;
  flush(kind: 'float32'): Float32Array;
  flush(kind?: 'int16' | 'float32'): Samples;
  flush(kind: 'int16' | 'float32' = this.#lastKind): Samples {
    const asInt = kind === 'int16';
    if (this.fromRate === this.toRate) return asInt ? new Int16Array(0) : new Float32Array(0);
    const total = this.#received;
    this.#append(new Float32Array(this.#taps));
    // outputs whose input time lies before the end of the stream
    const out = this.#emit(Number.POSITIVE_INFINITY, asInt, total);
    this.reset();
    return out;
  }

  #append(input: Samples): void {
    const need = this.#bufLen + input.length;
    if (need > this.#buf.length) {
      const next = new Float32Array(Math.max(need, this.#buf.length * 2));
      next.set(this.#buf.subarray(0, this.#bufLen));
      this.#buf = next;
    }
    const buf = this.#buf;
    let w = this.#bufLen;
    for (let i = 0; i < input.length; i++) buf[w++] = input[i]!;
    this.#bufLen = w;
  }

  /** Emit every output whose taps are available up to absolute input index `last` (and before `end`). */
  #emit(last: number, asInt: boolean, end = Number.POSITIVE_INFINITY): Samples {
    const half = this.#taps / 2;
    const up = this.#up;
    const down = this.#down;
    const taps = this.#taps;
    const table = this.#table;
    const buf = this.#buf;
    const lastAvail = Math.min(last, this.#base + this.#bufLen - 1);
    // count outputs first so the result is allocated once
    let count = 0;
    {
      let ip = this.#ipos;
      let rp = this.#rpos;
      while (ip + half <= lastAvail && ip < end) {
        count++;
        rp += down;
        ip += Math.floor(rp / up);
        rp %= up;
      }
    }
    const out = asInt ? new Int16Array(count) : new Float32Array(count);
    let ip = this.#ipos;
    let rp = this.#rpos;
    for (let n = 0; n < count; n++) {
      const start = ip - half + 1 - this.#base;
      let acc = 0;
      if (this.#exact) {
        const row = rp * taps;
        for (let j = 0; j < taps; j++) acc += buf[start + j]! * table[row + j]!;
      } else {
        const pos = (rp / up) * this.#phases;
        const p = Math.floor(pos);
        const t = pos - p;
        const r0 = p * taps;
        const r1 = r0 + taps;
        for (let j = 0; j < taps; j++) {
          const h0 = table[r0 + j]!;
          acc += buf[start + j]! * (h0 + (table[r1 + j]! - h0) * t);
        }
      }
      if (asInt) {
        const v = Math.round(acc);
        out[n] = Math.min(32767, Math.max(-32768, v));
      } else {
        out[n] = acc;
      }
      rp += down;
      ip += Math.floor(rp / up);
      rp %= up;
    }
    this.#ipos = ip;
    this.#rpos = rp;
    // drop input no future output needs
    const keepFrom = ip - half + 1 - this.#base;
    if (keepFrom > 0) {
      buf.copyWithin(0, keepFrom, this.#bufLen);
      this.#bufLen -= keepFrom;
      this.#base += keepFrom;
    }
    return out;
  }
}

/**
 * Resample a whole signal (zero phase: output sample n is at input time n·fromRate/toRate).
 * Returns `ceil(length · toRate / fromRate)` samples of the input's type.
 * @example
 * const pcm24k = resample(pcm48k, 48000, 24000);
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array;
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array;
export function resample(input: Samples, fromRate: number, toRate: number): Samples;
export function resample(input: Samples, fromRate: number, toRate: number): Samples {
  const rs = new Resampler(fromRate, toRate);
  if (fromRate === toRate) return input.slice();
  const head: Samples = rs.process(input);
  const tail: Samples = rs.flush(input instanceof Int16Array ? 'int16' : 'float32');
  const out =
    input instanceof Int16Array
      ? new Int16Array(head.length + tail.length)
      : new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
