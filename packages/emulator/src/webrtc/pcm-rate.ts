/**
 * PRIVATE stop-gap 2:1 rate conversion between 48 kHz (Opus on the wire) and 24 kHz (the engine),
 * used only until `@realtime-agents/audio/codecs` ships its resampler; replace the two factories
 * below with it then. Streaming: each converter keeps its filter history between calls, so 20 ms
 * frames join without clicks.
 * @module
 */

/**
 * Half-band low-pass (cut-off ≈ 11 kHz at 48 kHz), 15 taps, windowed sinc. The odd taps away from
 * the centre are zero, which is what makes it a half-band filter; the taps sum to 1.
 */
const TAPS = (() => {
  const n = 15;
  const mid = (n - 1) / 2;
  const taps = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 1 : Math.sin((Math.PI * x) / 2) / ((Math.PI * x) / 2);
    const window = 0.54 + 0.46 * Math.cos((Math.PI * x) / (mid + 1));
    taps[i] = sinc * window;
    sum += taps[i]!;
  }
  for (let i = 0; i < n; i++) taps[i]! /= sum;
  return taps;
})();

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
}

/** A streaming 48 kHz → 24 kHz converter (low-pass, then keep every second sample). */
export function createDownsampler48to24(): (input: Int16Array) => Int16Array {
  const history = new Float64Array(TAPS.length - 1);
  let phase = 0; // 0: the next input sample is kept after filtering
  return (input) => {
    const work = new Float64Array(history.length + input.length);
    work.set(history);
    for (let i = 0; i < input.length; i++) work[history.length + i] = input[i]!;
    const out = new Int16Array(Math.ceil((input.length - phase) / 2));
    let o = 0;
    for (let i = phase; i < input.length; i += 2) {
      let acc = 0;
      for (let k = 0; k < TAPS.length; k++) acc += TAPS[k]! * work[i + k]!;
      out[o++] = clamp16(acc);
    }
    phase = (phase + input.length) % 2;
    history.set(work.subarray(work.length - history.length));
    return o === out.length ? out : out.subarray(0, o);
  };
}

/** A streaming 24 kHz → 48 kHz converter (insert zeros, low-pass, gain 2). */
export function createUpsampler24to48(): (input: Int16Array) => Int16Array {
  const history = new Float64Array(TAPS.length - 1);
  return (input) => {
    const stuffed = new Float64Array(history.length + input.length * 2);
    stuffed.set(history);
    for (let i = 0; i < input.length; i++) stuffed[history.length + i * 2] = input[i]! * 2;
    const out = new Int16Array(input.length * 2);
    for (let i = 0; i < out.length; i++) {
      let acc = 0;
      for (let k = 0; k < TAPS.length; k++) acc += TAPS[k]! * stuffed[i + k]!;
      out[i] = clamp16(acc);
    }
    history.set(stuffed.subarray(stuffed.length - history.length));
    return out;
  };
}
