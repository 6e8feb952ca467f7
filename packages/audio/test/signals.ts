// Test support: the fake-mic WAV, correlation, envelopes, waiting. Not part of the package.
import wavUrl from '../../../e2e/fixtures/speech-48k.wav?url';
import { resample } from '../src/resampler.js';

/** The fake microphone's source file (mono PCM16), as floats at its own rate. */
export async function loadSpeech(): Promise<{ samples: Float32Array; sampleRate: number }> {
  const buf = await (await fetch(wavUrl)).arrayBuffer();
  const view = new DataView(buf);
  let off = 12;
  let rate = 0;
  let channels = 1;
  while (off + 8 <= buf.byteLength) {
    const id = String.fromCharCode(
      view.getUint8(off),
      view.getUint8(off + 1),
      view.getUint8(off + 2),
      view.getUint8(off + 3),
    );
    const size = view.getUint32(off + 4, true);
    if (id === 'fmt ') {
      channels = view.getUint16(off + 10, true);
      rate = view.getUint32(off + 12, true);
    } else if (id === 'data') {
      const n = Math.floor(size / 2 / channels);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(off + 8 + i * 2 * channels, true) / 32768;
      return { samples: out, sampleRate: rate };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error('no data chunk in WAV');
}

/** Per-window RMS in dB. */
export function envelopeDb(x: ArrayLike<number>, win: number, scale = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i + win <= x.length; i += win) {
    let s = 0;
    for (let j = i; j < i + win; j++) s += (x[j]! * scale) ** 2;
    out.push(Math.max(-100, 10 * Math.log10(s / win + 1e-12)));
  }
  return out;
}

/** Pearson correlation of a[i] and b[i + lag] over the overlap. */
export function correlationAt(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lag: number,
  maxLen = Infinity,
): number {
  const start = Math.max(0, -lag);
  const end = Math.min(a.length, b.length - lag, start + maxLen);
  const n = end - start;
  if (n <= 1) return 0;
  let sa = 0;
  let sb = 0;
  for (let i = start; i < end; i++) {
    sa += a[i]!;
    sb += b[i + lag]!;
  }
  const ma = sa / n;
  const mb = sb / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = start; i < end; i++) {
    const x = a[i]! - ma;
    const y = b[i + lag]! - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/** Best correlation of `b` against `a` over lags in [minLag, maxLag]. */
export function bestCorrelation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  minLag: number,
  maxLag: number,
  step = 1,
  maxLen = Infinity,
): { lag: number; r: number } {
  let best = { lag: 0, r: -2 };
  for (let lag = minLag; lag <= maxLag; lag += step) {
    const r = correlationAt(a, b, lag, maxLen);
    if (r > best.r) best = { lag, r };
  }
  return best;
}

/**
 * Correlation of two waveforms at `rate` after alignment: coarse search at 2 kHz over ±`maxLagS`,
 * then sample-exact refinement. Returns the lag of `b` relative to `a` in samples.
 */
export function alignedCorrelation(
  a: Float32Array,
  b: Float32Array,
  rate: number,
  maxLagS = 1.5,
): { lag: number; r: number } {
  const lo = 2000;
  const a2 = resample(a, rate, lo);
  const b2 = resample(b, rate, lo);
  const coarse = bestCorrelation(a2, b2, -Math.round(maxLagS * lo), Math.round(maxLagS * lo));
  const f = rate / lo;
  const centre = Math.round(coarse.lag * f);
  return bestCorrelation(a, b, centre - Math.ceil(2 * f), centre + Math.ceil(2 * f));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `cond()` is true (polling), or throw after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Concatenate Int16 frames. */
export function concat16(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return out;
}

/** Mic constraints without browser processing, so the captured waveform matches the file. */
export const RAW_MIC: MediaTrackConstraints = {
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

/**
 * Fidelity that tolerates the environment's time warps (a loaded machine makes Chromium skip render
 * quanta or the fake microphone stall): `got` is cut into windows of `windowS`; each window is
 * aligned against `ref` on its own, tracking the lag of the previous window within ±`driftS`.
 * Windows where `ref` is near-silent are skipped. Returns the per-window correlations.
 */
export function windowedCorrelation(
  ref: Float32Array,
  got: Float32Array,
  rate: number,
  { windowS = 0.5, driftS = 0.04, maxLagS = 1.5 } = {},
): number[] {
  const first = alignedCorrelation(
    ref.subarray(0, Math.min(ref.length, got.length + rate * maxLagS)),
    got,
    rate,
    maxLagS,
  );
  // lag: got[i] ≈ ref[i - lag]  ⇔  correlationAt(ref, got, lag) pairs ref[i] with got[i + lag]
  let lag = first.lag;
  const w = Math.round(windowS * rate);
  const drift = Math.round(driftS * rate);
  const out: number[] = [];
  for (let start = 0; start + w <= got.length; start += w) {
    const win = got.subarray(start, start + w);
    let best = { lag, r: -2 };
    for (let l = lag - drift; l <= lag + drift; l += 4) {
      const refStart = start - l;
      if (refStart < 0 || refStart + w > ref.length) continue;
      const r = correlationAt(ref.subarray(refStart, refStart + w), win, 0);
      if (r > best.r) best = { lag: l, r };
    }
    for (let l = best.lag - 4; l <= best.lag + 4; l++) {
      const refStart = start - l;
      if (refStart < 0 || refStart + w > ref.length) continue;
      const r = correlationAt(ref.subarray(refStart, refStart + w), win, 0);
      if (r > best.r) best = { lag: l, r };
    }
    const refStart = start - best.lag;
    if (refStart < 0 || refStart + w > ref.length) continue;
    let energy = 0;
    for (let i = refStart; i < refStart + w; i++) energy += ref[i]! ** 2;
    if (energy / w < 1e-5) continue; // the reference is (near) silent here
    lag = best.lag;
    out.push(best.r);
  }
  return out;
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
}
